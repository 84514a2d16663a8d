package io.phalanx.core.twin;

import java.util.Arrays;
import java.util.Map;

/**
 * What one {@link DiscreteEventSimulator} run measured after warm-up, per node and per request
 * class, as batch-means confidence intervals (and plain empirical percentiles, which have no
 * interval here; use {@link #fractionWithin} against a predicted percentile for a test with an
 * interval).
 */
public final class SimulationResult {
    private final Map<String, Observations> nodes;
    private final Map<String, Observations> classes;
    private final double batchSeconds;

    SimulationResult(
            Map<String, Observations> nodes,
            Map<String, Observations> classes,
            double batchSeconds) {
        this.nodes = nodes;
        this.classes = classes;
        this.batchSeconds = batchSeconds;
    }

    /** Mean response time (wait + service) at a node, seconds. */
    public ConfidenceInterval meanResponse(String node) {
        return of(nodes, node).meanValue();
    }

    /** Fraction of a node's completed requests whose response time was ≤ t. */
    public ConfidenceInterval fractionWithin(String node, double t) {
        return of(nodes, node).fractionAtMost(t);
    }

    /** Empirical q-quantile of a node's response times over the whole measured window. */
    public double percentile(String node, double q) {
        return of(nodes, node).quantile(q);
    }

    /** Time-average fraction of the node's servers that were busy. */
    public ConfidenceInterval utilisation(String node) {
        Observations o = of(nodes, node);
        double[] perBatch = new double[o.busyServerSeconds.length];
        for (int b = 0; b < perBatch.length; b++) {
            perBatch[b] = o.busyServerSeconds[b] / (batchSeconds * o.servers);
        }
        return ConfidenceInterval.ofBatches(perBatch);
    }

    /** Fraction of arrivals at a node refused because it was full. */
    public ConfidenceInterval blockingProbability(String node) {
        Observations o = of(nodes, node);
        double[] perBatch = new double[o.arrivals.length];
        for (int b = 0; b < perBatch.length; b++) {
            perBatch[b] = o.arrivals[b] == 0 ? 0 : (double) o.blocked[b] / o.arrivals[b];
        }
        return ConfidenceInterval.ofBatches(perBatch);
    }

    /** Arrivals per second at a node during the measured window (blocked ones included). */
    public double arrivalRate(String node) {
        Observations o = of(nodes, node);
        return Arrays.stream(o.arrivals).sum() / (batchSeconds * o.arrivals.length);
    }

    /** Mean end-to-end latency of a class's completed requests, seconds. */
    public ConfidenceInterval meanLatency(String requestClass) {
        return of(classes, requestClass).meanValue();
    }

    /** Fraction of a class's completed requests with end-to-end latency ≤ t. */
    public ConfidenceInterval latencyFractionWithin(String requestClass, double t) {
        return of(classes, requestClass).fractionAtMost(t);
    }

    public double latencyPercentile(String requestClass, double q) {
        return of(classes, requestClass).quantile(q);
    }

    /** Requests of a class that completed in the measured window. */
    public int completed(String requestClass) {
        return of(classes, requestClass).size;
    }

    private static Observations of(Map<String, Observations> m, String name) {
        Observations o = m.get(name);
        if (o == null) {
            throw new IllegalArgumentException("nothing simulated under the name " + name);
        }
        return o;
    }

    /**
     * Samples of one node or class in completion order (so each batch is a contiguous run), plus
     * per-batch counters. Plain arrays: a run records millions of samples.
     */
    static final class Observations {
        final int servers;
        double[] values = new double[1024];
        int size;
        final int[] batchCounts;
        final double[] busyServerSeconds;
        final long[] arrivals;
        final long[] blocked;

        Observations(int batches, int servers) {
            this.servers = servers;
            batchCounts = new int[batches];
            busyServerSeconds = new double[batches];
            arrivals = new long[batches];
            blocked = new long[batches];
        }

        void add(int batch, double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
            batchCounts[batch]++;
        }

        ConfidenceInterval meanValue() {
            return perBatch(false, 0);
        }

        ConfidenceInterval fractionAtMost(double t) {
            return perBatch(true, t);
        }

        private ConfidenceInterval perBatch(boolean indicator, double t) {
            double[] stats = new double[batchCounts.length];
            int i = 0;
            for (int b = 0; b < stats.length; b++) {
                double sum = 0;
                for (int k = 0; k < batchCounts[b]; k++, i++) {
                    sum += indicator ? (values[i] <= t ? 1 : 0) : values[i];
                }
                stats[b] = batchCounts[b] == 0 ? Double.NaN : sum / batchCounts[b];
            }
            return ConfidenceInterval.ofBatches(stats);
        }

        double quantile(double q) {
            if (size == 0) {
                return Double.NaN;
            }
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int idx = (int) Math.ceil(q * size) - 1;
            return sorted[Math.max(0, Math.min(size - 1, idx))];
        }
    }
}
