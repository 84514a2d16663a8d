package io.phalanx.core.twin;

import java.util.Arrays;
import java.util.List;

/**
 * The benchmark: one day of per-minute history for a 50-service topology, calibrated and
 * then evaluated minute by minute at ×3. Not a test (no timing assertion); run it as a program and
 * record the figure in docs/BENCHMARKS.md.
 *
 * <pre>
 * mvn -q -B -o -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes io.phalanx.core.twin.TwinDayBenchmark [multiplier] [runs]
 * </pre>
 *
 * <p>Each run times (a) calibrating all 50 services from 1440 minutes of KPIs and (b) predicting
 * the 1440 minutes at the multiplier (every node's steady state, every class's p99 and burn rate,
 * the saturation point). The first run includes JIT warm-up and is reported separately.
 */
public final class TwinDayBenchmark {
    private TwinDayBenchmark() {}

    public static void main(String[] args) {
        double multiplier = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(
                "machine: %s %s, %d cores, java %s, max heap %d MB%n",
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        long t0 = System.nanoTime();
        FiftyServiceDay day = new FiftyServiceDay(42);
        System.out.printf(
                "input: %d services, %d links, %d classes, %d minutes of KPIs (generated in %.0f ms)%n",
                day.topology.services().size(),
                day.topology.links().size(),
                day.topology.requestClasses().size(),
                FiftyServiceDay.MINUTES,
                (System.nanoTime() - t0) / 1e6);
        double[] totals = new double[runs];
        List<FiftyServiceDay.MinuteOutlook> outlook = null;
        for (int run = 0; run < runs; run++) {
            long a = System.nanoTime();
            ServiceTopology twin = Calibration.calibrate(day.topology, day.historyByService);
            long b = System.nanoTime();
            outlook = FiftyServiceDay.evaluateDay(twin, day, multiplier, FiftyServiceDay.MINUTES);
            long c = System.nanoTime();
            totals[run] = (c - a) / 1e6;
            System.out.printf(
                    "run %d: calibrate %.0f ms + evaluate %d minutes at x%.1f %.0f ms = %.0f ms%s%n",
                    run + 1,
                    (b - a) / 1e6,
                    FiftyServiceDay.MINUTES,
                    multiplier,
                    (c - b) / 1e6,
                    totals[run],
                    run == 0 ? " (includes JIT warm-up)" : "");
        }
        double[] warm = Arrays.copyOfRange(totals, Math.min(1, runs - 1), runs);
        Arrays.sort(warm);
        long saturatedMinutes = outlook.stream().filter(m -> m.saturatedNodes() > 0).count();
        double minSaturation =
                outlook.stream()
                        .mapToDouble(FiftyServiceDay.MinuteOutlook::saturationMultiplier)
                        .min()
                        .orElse(0);
        double maxP99 =
                outlook.stream()
                        .mapToDouble(FiftyServiceDay.MinuteOutlook::worstFiniteP99)
                        .max()
                        .orElse(0);
        System.out.printf(
                "result: first run %.0f ms, median of warm runs %.0f ms; at x%.1f %d of %d minutes have a"
                        + " saturated node; lowest saturation multiplier %.2f (multiplier relative to"
                        + " that minute's traffic); worst finite class p99 %.0f ms%n",
                totals[0],
                warm[warm.length / 2],
                multiplier,
                saturatedMinutes,
                FiftyServiceDay.MINUTES,
                minSaturation,
                maxP99 * 1000);

        // For scale: the simulator on the same topology, ten simulated minutes of noon traffic at
        // x1 (a day at x3 is out of its reach by design: it walks every request).
        ServiceTopology twin = Calibration.calibrate(day.topology, day.historyByService);
        WhatIfScenario noon =
                WhatIfScenario.baseline().withClassRates(day.classRatesPerMinute.get(720));
        long d0 = System.nanoTime();
        SimulationResult sim =
                new DiscreteEventSimulator(twin, noon).run(new SimulationPlan(7, 60, 600, 10));
        long d1 = System.nanoTime();
        long requests = 0;
        for (String c : twin.requestClasses().keySet()) {
            requests += sim.completed(c);
        }
        System.out.printf(
                "simulator: 10 simulated minutes (after 1 min warm-up) of noon traffic at x1,"
                        + " %d requests of 6-7 node visits each, in %.0f ms%n",
                requests, (d1 - d0) / 1e6);
    }
}
