package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analytic model against the simulator of the same system. Where the model is exact (M/M/1,
 * M/M/c, M/D/1, M/M/c/K, tandem M/M/1) the model's value must lie inside the simulator's 95 %
 * batch-means interval, and the interval must be narrow enough (stated per test) that the check has
 * teeth. Where the model approximates (Allen–Cunneen for M/G/c, the Gamma path percentile) the
 * bound is the interval widened by the approximation's stated error.
 *
 * <p>Runs are seeded, so each test is deterministic. The seeds (11..17) were fixed before the first
 * run, not searched for; {@link TwinAccuracyReport} repeats the same comparisons over 20 seeds and
 * core/README.md records how often the interval covers the model (a 95 % batch-means interval
 * misses now and then by design, which is why one fixed seed per check is used here).
 */
class DiscreteEventSimulatorTest extends TwinTestBase {

    @Test
    void mm1MeanResponseIsInsideTheSimulatedInterval() {
        SimulationResult sim = simulate(mm1(1), 0.8, 11, 300_000);
        ConfidenceInterval w = sim.meanResponse("mm1");

        System.out.printf("M/M/1 rho=0.8 W: model 5.000, DES %s%n", w);
        assertThat(w.contains(5.0)).as("W = 5 in %s", w).isTrue();
        assertThat(w.relativeHalfWidth()).isLessThan(0.06);
        assertThat(sim.utilisation("mm1").contains(0.8)).isTrue();
    }

    @Test
    void mmcMeanResponseAndPercentilesAreInsideTheSimulatedIntervals() {
        QueueingStation station = mmc(3, 1);
        StationPrediction model = station.predict(2);
        SimulationResult sim = simulate(station, 2, 12, 200_000);

        ConfidenceInterval w = sim.meanResponse("mmc");
        System.out.printf("M/M/3 a=2 W: model %.4f, DES %s%n", model.meanResponse(), w);
        assertThat(w.contains(model.meanResponse())).as("%s", w).isTrue();
        assertThat(w.relativeHalfWidth()).isLessThan(0.03);
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            ConfidenceInterval below = sim.fractionWithin("mmc", model.responsePercentile(q));
            System.out.printf("M/M/3 a=2 P(R <= model p%s): DES %s%n", q * 100, below);
            assertThat(below.contains(q)).as("q=%s: %s", q, below).isTrue();
        }
        assertThat(sim.utilisation("mmc").contains(model.utilisation())).isTrue();
    }

    @Test
    void md1MeanResponseIsInsideTheSimulatedInterval() {
        SimulationResult sim = simulate(md1(1), 0.8, 13, 200_000);
        ConfidenceInterval w = sim.meanResponse("md1");

        System.out.printf("M/D/1 rho=0.8 W: model 3.000, DES %s%n", w);
        assertThat(w.contains(3.0)).as("%s", w).isTrue();
        assertThat(w.relativeHalfWidth()).isLessThan(0.05);
    }

    @Test
    void finiteQueueBlockingIsInsideTheSimulatedInterval() {
        QueueingStation station = mmck(2, 6, 1);
        StationPrediction model = station.predict(2.2);
        SimulationResult sim = simulate(station, 2.2, 14, 200_000);
        ConfidenceInterval blocking = sim.blockingProbability("mmck");
        ConfidenceInterval w = sim.meanResponse("mmck");

        System.out.printf(
                "M/M/2/6 rho=1.1 blocking: model %.4f, DES %s; W: model %.4f, DES %s%n",
                model.blockingProbability(), blocking, model.meanResponse(), w);
        assertThat(blocking.contains(model.blockingProbability())).as("%s", blocking).isTrue();
        assertThat(w.contains(model.meanResponse())).as("%s", w).isTrue();
        assertThat(blocking.relativeHalfWidth()).isLessThan(0.05);
    }

    @Test
    void mgcAllenCunneenIsWithinItsStatedErrorOfTheSimulation() {
        // Allen–Cunneen is an approximation for c > 1; at these loads the literature (and our
        // runs) put its Wq error within about 10 %, i.e. within 5 % of W here, where service is
        // half of W. Bound: the interval widened by 5 % of the model's W.
        QueueingStation station = lognormalStation(4, 1, 2);
        StationPrediction model = station.predict(3.2);
        SimulationResult sim = simulate(station, 3.2, 15, 300_000);
        ConfidenceInterval w = sim.meanResponse("logn");

        System.out.printf("M/LN/4 scv=2 rho=0.8 W: model %.4f, DES %s%n", model.meanResponse(), w);
        assertThat(model.meanResponse())
                .isBetween(
                        w.lower() - 0.05 * model.meanResponse(),
                        w.upper() + 0.05 * model.meanResponse());
    }

    @Test
    void tandemPathMatchesJacksonAndReich() {
        // Two M/M/1 in tandem with equal μ − λ: sojourns are independent Exp(μ − λ) (Reich), so
        // end-to-end latency is Erlang-2 and the Gamma path approximation is exact.
        ServiceTopology t = tandem(0.7, 1, 1);
        PathPrediction model = t.predict(WhatIfScenario.baseline()).requestClass("flow");
        SimulationResult sim =
                new DiscreteEventSimulator(t, WhatIfScenario.baseline())
                        .run(planFor(16, 0.7, 200_000));
        ConfidenceInterval mean = sim.meanLatency("flow");
        ConfidenceInterval belowP95 = sim.latencyFractionWithin("flow", model.percentile(0.95));

        System.out.printf(
                "tandem M/M/1 x2: mean model %.4f DES %s; P(<=p95) DES %s%n",
                model.meanSeconds(), mean, belowP95);
        assertThat(mean.contains(model.meanSeconds())).as("%s", mean).isTrue();
        assertThat(belowP95.contains(0.95)).as("%s", belowP95).isTrue();
    }

    @Test
    void webShopPathLatenciesAgreeWithTheSimulation() {
        // Exponential stations, links with fixed latency: the means are exact (Jackson); the p99
        // comes from the shifted Gamma, stated good to about ±0.5 % of requests at the 99th
        // percentile for paths like these; bound: the DES interval widened by 0.005.
        ServiceTopology shop = webShop();
        WhatIfScenario busy = WhatIfScenario.atLoad(2);
        TopologyPrediction model = shop.predict(busy);
        SimulationResult sim =
                new DiscreteEventSimulator(shop, busy).run(planFor(17, 260, 400_000));

        for (String c : List.of(BROWSE, BUY)) {
            PathPrediction p = model.requestClass(c);
            ConfidenceInterval mean = sim.meanLatency(c);
            ConfidenceInterval belowP99 = sim.latencyFractionWithin(c, p.percentile(0.99));
            System.out.printf(
                    "web shop x2 %s: mean model %.5f DES %s; P(<= model p99 %.4f) DES %s%n",
                    c, p.meanSeconds(), mean, p.percentile(0.99), belowP99);
            assertThat(mean.contains(p.meanSeconds())).as("%s %s", c, mean).isTrue();
            assertThat(0.99).isBetween(belowP99.lower() - 0.005, belowP99.upper() + 0.005);
        }
        assertThat(sim.utilisation(DB).contains(model.node(DB).utilisation())).isTrue();
    }

    @Test
    void sameSeedSameResult() {
        ConfidenceInterval a = simulate(mmc(2, 1), 1.5, 99, 5_000).meanResponse("mmc");
        ConfidenceInterval b = simulate(mmc(2, 1), 1.5, 99, 5_000).meanResponse("mmc");
        ConfidenceInterval other = simulate(mmc(2, 1), 1.5, 100, 5_000).meanResponse("mmc");

        assertThat(a).isEqualTo(b);
        assertThat(other.mean()).isNotEqualTo(a.mean());
    }

    @Test
    void fractionalVisitsAreRefused() {
        ServiceTopology t =
                ServiceTopology.builder()
                        .service(mm1(1))
                        .requestClass(
                                new RequestClass(
                                        "retrying",
                                        0.5,
                                        List.of(
                                                new RequestPath(
                                                        List.of(
                                                                new RequestPath.Visit(
                                                                        "mm1", 1.3))))))
                        .build();

        assertThatThrownBy(
                        () ->
                                new DiscreteEventSimulator(t, WhatIfScenario.baseline())
                                        .run(planFor(1, 0.5, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole visit counts");
    }
}
