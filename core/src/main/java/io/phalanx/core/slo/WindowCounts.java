package io.phalanx.core.slo;

/**
 * Good and total events over one window, exact (no sampling, no extrapolation).
 *
 * <p>The ratios follow Prometheus on an empty window: {@code 0/0} is {@code NaN}, meaning "no
 * evidence", not "no errors". Decisions never look at a NaN: an alert window with fewer events than
 * its SLO's minimum holds its state instead (see {@link MultiWindowBurnRateAlert}).
 */
public record WindowCounts(long good, long total) {

    public static final WindowCounts EMPTY = new WindowCounts(0, 0);

    public WindowCounts {
        if (good < 0 || total < good) {
            throw new IllegalArgumentException(
                    "need 0 <= good <= total, got good=" + good + " total=" + total);
        }
    }

    public long bad() {
        return total - good;
    }

    /** Bad events over total events; NaN for an empty window. */
    public double errorRatio() {
        return total == 0 ? Double.NaN : (double) (total - good) / total;
    }

    /**
     * How fast the window spends error budget relative to spending exactly the whole budget over
     * the SLO window: {@code errorRatio / (1 - objective)}. 1 means "on budget", 14.4 means a
     * 30-day budget is gone in 50 hours. NaN for an empty window.
     */
    public double burnRate(double objective) {
        return errorRatio() / (1 - objective);
    }
}
