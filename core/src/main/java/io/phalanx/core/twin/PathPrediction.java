package io.phalanx.core.twin;

/**
 * End-to-end latency of one request class on the path it takes under a scenario.
 *
 * <p>The mean is exact given the stations' means: the sum over visits of (sojourn + base latency).
 * The variance adds the stations' response variances (sojourns at different stations treated as
 * independent, which is exact for a Jackson network's means and an approximation for its tails).
 * Percentiles: a path of one station visited once, with no link latency, uses that station's
 * response-time distribution (exact for M/M/c); any other path uses a shifted Gamma whose shift is
 * the fixed link latency and whose shape and scale match the random part's mean and variance. The
 * Gamma is exact for one M/M/1 station and is the usual moment-matching approximation elsewhere; it
 * understates the tail when one heavy-tailed station dominates a path.
 *
 * @param pathIndex index into the class's preferred paths; 0 = primary, -1 = no path left
 * @param arrivalRate requests per second of this class under the scenario
 * @param fixedDelaySeconds sum of link base latencies on the path (no queueing)
 * @param deliveredFraction fraction not refused by any finite-capacity node on the way
 * @param soleStation the station when the exact single-station distribution applies, else null
 */
public record PathPrediction(
        String requestClass,
        int pathIndex,
        RequestPath path,
        double arrivalRate,
        double meanSeconds,
        double varianceSeconds2,
        double fixedDelaySeconds,
        double deliveredFraction,
        boolean saturated,
        StationPrediction soleStation) {

    static PathPrediction disconnected(String requestClass, double arrivalRate) {
        return new PathPrediction(
                requestClass,
                -1,
                null,
                arrivalRate,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                0,
                0,
                false,
                null);
    }

    /** False when every path of the class lost a node: its requests cannot be served at all. */
    public boolean connected() {
        return pathIndex >= 0;
    }

    /** True when the class runs on an alternative, not its primary path. */
    public boolean rerouted() {
        return pathIndex > 0;
    }

    /** P(latency ≤ t) for a delivered request (see the class comment for the approximation). */
    public double latencyCdf(double t) {
        if (!connected() || saturated || t <= fixedDelaySeconds) {
            return 0;
        }
        if (soleStation != null) {
            return soleStation.responseCdf(t - fixedDelaySeconds);
        }
        double randomMean = meanSeconds - fixedDelaySeconds;
        if (varianceSeconds2 <= 0) {
            return t >= meanSeconds ? 1 : 0;
        }
        double shape = randomMean * randomMean / varianceSeconds2;
        double scale = varianceSeconds2 / randomMean;
        return SpecialFunctions.regularizedGammaP(shape, (t - fixedDelaySeconds) / scale);
    }

    /** The q-quantile of end-to-end latency in seconds; +∞ when saturated or disconnected. */
    public double percentile(double q) {
        return percentile(q, 1e-10);
    }

    /**
     * As {@link #percentile(double)} to a relative tolerance of the path's quantile (a replay of
     * thousands of minutes needs 1e-6, not 1e-10); a sole station keeps its exact inversion.
     */
    double percentile(double q, double relativeTolerance) {
        if (!connected() || saturated) {
            return Double.POSITIVE_INFINITY;
        }
        if (soleStation != null) {
            return fixedDelaySeconds + soleStation.responsePercentile(q);
        }
        return SpecialFunctions.invertIncreasing(
                this::latencyCdf, q, fixedDelaySeconds, meanSeconds, relativeTolerance);
    }

    /** Fraction of this class's requests that are delivered within t (refusals count as late). */
    public double fractionWithin(double t) {
        return deliveredFraction * latencyCdf(t);
    }

    /** Burn rate of the objective's error budget if this steady state lasted. */
    public double burnRate(LatencyObjective objective) {
        return objective.burnRate(fractionWithin(objective.thresholdSeconds()));
    }

    public boolean meets(LatencyObjective objective) {
        return fractionWithin(objective.thresholdSeconds()) >= objective.objective();
    }
}
