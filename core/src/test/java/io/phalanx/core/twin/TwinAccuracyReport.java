package io.phalanx.core.twin;

import java.util.function.LongFunction;

/**
 * How well the analytic model agrees with the simulator over many seeds, for the cases the tests
 * check with one seed each: per case, how often the model value lies inside the simulator's 95 %
 * interval (expect about 95 % where the model is exact), the mean relative half-width, and the mean
 * and worst |model − simulated| / simulated. Not a test; run it to refresh the accuracy table in
 * core/README.md.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes io.phalanx.core.twin.TwinAccuracyReport [seeds]
 * </pre>
 */
public final class TwinAccuracyReport extends TwinTestBase {
    private TwinAccuracyReport() {}

    /** One seed's comparison: what the model says and what the simulator measured. */
    private record Comparison(double model, ConfidenceInterval simulated) {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.printf(
                "%-44s %8s %10s %10s %10s%n", "case", "covered", "rel. CI", "mean err", "max err");
        report(
                "M/M/1 rho=0.8, W",
                seeds,
                seed -> {
                    return new Comparison(
                            5.0, simulate(mm1(1), 0.8, seed, 300_000).meanResponse("mm1"));
                });
        report(
                "M/M/3 a=2, W",
                seeds,
                seed -> {
                    return new Comparison(
                            mmc(3, 1).predict(2).meanResponse(),
                            simulate(mmc(3, 1), 2, seed, 200_000).meanResponse("mmc"));
                });
        report(
                "M/M/3 a=2, P(R <= model p90)",
                seeds,
                seed -> {
                    double p90 = mmc(3, 1).predict(2).responsePercentile(0.9);
                    return new Comparison(
                            0.9, simulate(mmc(3, 1), 2, seed, 200_000).fractionWithin("mmc", p90));
                });
        report(
                "M/M/3 a=2, P(R <= model p99)",
                seeds,
                seed -> {
                    double p99 = mmc(3, 1).predict(2).responsePercentile(0.99);
                    return new Comparison(
                            0.99, simulate(mmc(3, 1), 2, seed, 200_000).fractionWithin("mmc", p99));
                });
        report(
                "M/D/1 rho=0.8, W",
                seeds,
                seed -> {
                    return new Comparison(
                            3.0, simulate(md1(1), 0.8, seed, 200_000).meanResponse("md1"));
                });
        report(
                "M/M/2/6 rho=1.1, blocking",
                seeds,
                seed -> {
                    return new Comparison(
                            mmck(2, 6, 1).predict(2.2).blockingProbability(),
                            simulate(mmck(2, 6, 1), 2.2, seed, 200_000)
                                    .blockingProbability("mmck"));
                });
        report(
                "M/LN/4 scv=2 rho=0.8, W (Allen-Cunneen)",
                seeds,
                seed -> {
                    QueueingStation s = lognormalStation(4, 1, 2);
                    return new Comparison(
                            s.predict(3.2).meanResponse(),
                            simulate(s, 3.2, seed, 300_000).meanResponse("logn"));
                });
        report(
                "M/LN/4 scv=2 rho=0.8, P(R <= model p99)",
                seeds,
                seed -> {
                    QueueingStation s = lognormalStation(4, 1, 2);
                    return new Comparison(
                            0.99,
                            simulate(s, 3.2, seed, 300_000)
                                    .fractionWithin(
                                            "logn", s.predict(3.2).responsePercentile(0.99)));
                });
        report(
                "tandem M/M/1 x2, P(<= model p95) (exact)",
                seeds,
                seed -> {
                    ServiceTopology t = tandem(0.7, 1, 1);
                    double p95 =
                            t.predict(WhatIfScenario.baseline())
                                    .requestClass("flow")
                                    .percentile(0.95);
                    return new Comparison(
                            0.95,
                            new DiscreteEventSimulator(t, WhatIfScenario.baseline())
                                    .run(planFor(seed, 0.7, 200_000))
                                    .latencyFractionWithin("flow", p95));
                });
        for (String c : new String[] {BROWSE, BUY}) {
            report(
                    "web shop x2 " + c + ", mean latency",
                    seeds,
                    seed -> {
                        WhatIfScenario x2 = WhatIfScenario.atLoad(2);
                        return new Comparison(
                                webShop().predict(x2).requestClass(c).meanSeconds(),
                                new DiscreteEventSimulator(webShop(), x2)
                                        .run(planFor(seed, 260, 400_000))
                                        .meanLatency(c));
                    });
            report(
                    "web shop x2 " + c + ", P(<= model p99) (Gamma)",
                    seeds,
                    seed -> {
                        WhatIfScenario x2 = WhatIfScenario.atLoad(2);
                        double p99 = webShop().predict(x2).requestClass(c).percentile(0.99);
                        return new Comparison(
                                0.99,
                                new DiscreteEventSimulator(webShop(), x2)
                                        .run(planFor(seed, 260, 400_000))
                                        .latencyFractionWithin(c, p99));
                    });
        }
    }

    private static void report(String name, int seeds, LongFunction<Comparison> run) {
        int covered = 0;
        double relHalf = 0;
        double sumErr = 0;
        double maxErr = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Comparison c = run.apply(seed);
            if (c.simulated().contains(c.model())) {
                covered++;
            }
            relHalf += c.simulated().relativeHalfWidth();
            double err = relativeError(c.model(), c.simulated().mean());
            sumErr += err;
            maxErr = Math.max(maxErr, err);
        }
        System.out.printf(
                "%-44s %5d/%-2d %9.2f%% %9.2f%% %9.2f%%%n",
                name, covered, seeds, 100 * relHalf / seeds, 100 * sumErr / seeds, 100 * maxErr);
    }
}
