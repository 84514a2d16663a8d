package io.phalanx.core.twin;

/**
 * A batch-means estimate from the simulator: the grand mean of {@code batches} batch statistics and
 * the half-width of its two-sided 95 % Student-t interval. The batches are long stretches of one
 * run, so they are treated as independent; with too-short batches the interval is too narrow.
 */
public record ConfidenceInterval(double mean, double halfWidth, int batches) {

    static ConfidenceInterval ofBatches(double[] batchValues) {
        int n = batchValues.length;
        double sum = 0;
        for (double v : batchValues) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : batchValues) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.POSITIVE_INFINITY;
        double half = n > 1 ? SpecialFunctions.studentT975(n - 1) * sd / Math.sqrt(n) : sd;
        return new ConfidenceInterval(mean, half, n);
    }

    public double lower() {
        return mean - halfWidth;
    }

    public double upper() {
        return mean + halfWidth;
    }

    public boolean contains(double value) {
        return value >= lower() && value <= upper();
    }

    /** Half-width over |mean|: how precise the run was. */
    public double relativeHalfWidth() {
        return halfWidth / Math.abs(mean);
    }

    @Override
    public String toString() {
        return String.format("%.6g ± %.3g (95%%, %d batches)", mean, halfWidth, batches);
    }
}
