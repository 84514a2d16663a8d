package io.phalanx.core.twin;

/**
 * What monitoring reported for one service in one interval (typically a minute): the rate of
 * requests it received, their mean and 99th-percentile response time, and the busy fraction of its
 * servers (CPU or worker-pool utilisation attributable to request handling). Anything not reported
 * is NaN; calibration uses the best evidence an interval has (utilisation, then mean, then p99).
 */
public record KpiSample(
        double arrivalRate,
        double meanResponseSeconds,
        double p99ResponseSeconds,
        double utilisation) {

    public static KpiSample withUtilisation(
            double arrivalRate, double meanResponseSeconds, double utilisation) {
        return new KpiSample(arrivalRate, meanResponseSeconds, Double.NaN, utilisation);
    }

    /** Only the mean latency is known: calibration must invert the queueing formula. */
    public static KpiSample latencyOnly(double arrivalRate, double meanResponseSeconds) {
        return new KpiSample(arrivalRate, meanResponseSeconds, Double.NaN, Double.NaN);
    }

    /** Only a p99 is known (a histogram-based dashboard): inverted through the M/M/c p99. */
    public static KpiSample p99Only(double arrivalRate, double p99ResponseSeconds) {
        return new KpiSample(arrivalRate, Double.NaN, p99ResponseSeconds, Double.NaN);
    }

    /** A utilisation of 1 only says "at least saturated", so it is not evidence of E[S]. */
    boolean hasUtilisation() {
        return utilisation > 0 && utilisation < 1;
    }

    boolean hasLatency() {
        return meanResponseSeconds > 0 && !Double.isInfinite(meanResponseSeconds);
    }

    boolean hasP99() {
        return p99ResponseSeconds > 0 && !Double.isInfinite(p99ResponseSeconds);
    }
}
