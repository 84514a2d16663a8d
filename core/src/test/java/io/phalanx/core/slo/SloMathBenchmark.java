package io.phalanx.core.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Throughput of the SLO math on one thread, for docs/BENCHMARKS.md ("SLO burn rates"). Not a test
 * (no {@code Test} suffix) and not JMH: a plain warm-up-then-measure loop, good for orders of
 * magnitude. Run from the repository root:
 *
 * <pre>
 * mvn -q -B -o -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes io.phalanx.core.slo.SloMathBenchmark
 * </pre>
 *
 * Workload: one SLO with a 28-day window, 1-minute buckets and the Workbook's three pairs; events
 * arrive 1 000 per minute in time order, one {@code record} call each (the worst case: a Flink
 * operator pre-aggregating per bucket calls it far less often).
 */
public final class SloMathBenchmark {
    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 1_000_000_000L;
    private static final int EVENTS_PER_MINUTE = 1000;

    private SloMathBenchmark() {}

    public static void main(String[] args) {
        SloDefinition slo =
                SloTestBase.workbookSlo("bench", "bench", 0.999, 10, ServiceImpact.none());
        System.out.printf(
                Locale.ROOT,
                "java %s, %d cores%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        report("record only (events/s)", measure(slo, false));
        report("record + evaluate every minute (events/s)", measure(slo, true));
        report("evaluate only (evaluations/s)", measureEvaluate(slo));
    }

    private static double[] measure(SloDefinition slo, boolean evaluate) {
        SloEvaluator e = new SloEvaluator(slo);
        long[] minute = {0};
        long[] sink = {0};
        Runnable batch =
                () -> {
                    // One minute of events, then (optionally) the evaluation at the minute's
                    // boundary.
                    long base = minute[0] * 60_000;
                    for (int i = 0; i < EVENTS_PER_MINUTE; i++) {
                        long good = (i % 500 == 0) ? 0 : 1;
                        e.counter().record(base + i * 60L, good, 1);
                    }
                    minute[0]++;
                    if (evaluate) {
                        sink[0] +=
                                e.evaluate(Instant.ofEpochMilli(minute[0] * 60_000)).firing()
                                        ? 1
                                        : 0;
                    }
                };
        double[] perSecond = run(batch, EVENTS_PER_MINUTE);
        if (sink[0] < 0) {
            System.out.println(sink[0]);
        }
        return perSecond;
    }

    private static double[] measureEvaluate(SloDefinition slo) {
        SloEvaluator e = new SloEvaluator(slo);
        // Fill 28 days so every window is populated.
        for (long m = 0; m < Duration.ofDays(28).toMinutes(); m++) {
            e.counter().record(m * 60_000, 990, 1000);
        }
        long end = Duration.ofDays(28).toMillis();
        long[] sink = {0};
        double[] perSecond =
                run(
                        () ->
                                sink[0] +=
                                        e.evaluate(Instant.ofEpochMilli(end))
                                                .budget()
                                                .window()
                                                .total(),
                        1);
        if (sink[0] < 0) {
            System.out.println(sink[0]);
        }
        return perSecond;
    }

    private static double[] run(Runnable batch, int opsPerBatch) {
        long warmEnd = System.nanoTime() + 2 * ROUND_NANOS;
        while (System.nanoTime() < warmEnd) {
            batch.run();
        }
        double[] rates = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long ops = 0;
            long start = System.nanoTime();
            long now;
            do {
                batch.run();
                ops += opsPerBatch;
                now = System.nanoTime();
            } while (now - start < ROUND_NANOS);
            rates[r] = ops * 1e9 / (now - start);
        }
        return rates;
    }

    private static void report(String what, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-45s median %.2f M, min %.2f M, max %.2f M%n",
                what,
                sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
