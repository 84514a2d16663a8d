package io.phalanx.core.twin;

/**
 * A latency SLO: at least {@code objective} of requests complete within {@code thresholdSeconds}.
 * "p99 under 300 ms" is (0.300, 0.99). Refused requests count as bad.
 */
public record LatencyObjective(double thresholdSeconds, double objective) {
    public LatencyObjective {
        if (!(thresholdSeconds > 0)) {
            throw new IllegalArgumentException("threshold must be > 0 s: " + thresholdSeconds);
        }
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("objective must be in (0, 1): " + objective);
        }
    }

    public static LatencyObjective percentileUnder(double quantile, double thresholdSeconds) {
        return new LatencyObjective(thresholdSeconds, quantile);
    }

    /** The error budget 1 − objective. */
    public double errorBudget() {
        return 1 - objective;
    }

    /**
     * How fast a good-request fraction spends the budget: 1 spends exactly the budget over the SLO
     * window, 14.4 spends a 30-day budget in two days.
     */
    public double burnRate(double goodFraction) {
        return Math.max(0, 1 - goodFraction) / errorBudget();
    }
}
