package io.phalanx.core.twin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link TwinReplay} predicted for a history under a change: every minute, a summary per
 * service and per class over the whole replay, the SLOs' burn, and the recommendations at the
 * busiest minute. Latencies in seconds; a figure that has no steady state (a saturated node or a
 * class behind one) is +∞ in the minutes and excluded from the averages, which say how many minutes
 * they left out.
 *
 * @param peakMinute index of the minute with the most traffic, where recommendations are made
 * @param saturationAtPeak multiplier of the peak minute's historical traffic (same mix and change)
 *     at which the first node saturates
 */
public record TwinRun(
        WhatIfScenario change,
        ServiceTopology calibrated,
        List<MinutePrediction> minutes,
        Map<String, ServiceSummary> services,
        Map<String, ClassSummary> classes,
        List<SloOutcome> slos,
        int peakMinute,
        Optional<SaturationPoint> saturationAtPeak,
        Recommendations.ReplicaPlan replicaPlan,
        List<Recommendations.LinkSaturation> saturatingLinks,
        List<Recommendations.RouteRecommendation> alternativeRoutes) {

    /** One minute of the replay at the change. */
    public record MinutePrediction(
            long startMillis, Map<String, NodeMinute> nodes, Map<String, ClassMinute> classes) {}

    /** A service or link in one minute. */
    public record NodeMinute(
            double arrivalRate, double utilisation, double meanSeconds, boolean saturated) {}

    /**
     * A class in one minute.
     *
     * @param goodFraction fraction within its SLO threshold (NaN without an SLO)
     */
    public record ClassMinute(
            double arrivalRate,
            double meanSeconds,
            double p50Seconds,
            double p99Seconds,
            double goodFraction,
            boolean connected) {}

    /**
     * A service over the replay.
     *
     * @param meanSeconds request-weighted mean response over the minutes with a steady state
     * @param p99AtPeakSeconds the response p99 in the peak minute
     */
    public record ServiceSummary(
            double meanArrivalRate,
            double meanUtilisation,
            double peakUtilisation,
            double meanSeconds,
            double p99AtPeakSeconds,
            int saturatedMinutes) {}

    /**
     * A class over the replay.
     *
     * @param meanSeconds request-weighted mean latency over minutes with a steady state
     * @param p99Seconds average of the per-minute p99 over the same minutes
     */
    public record ClassSummary(
            double meanArrivalRate,
            double meanSeconds,
            double p99Seconds,
            double peakP99Seconds,
            int saturatedMinutes) {}

    /**
     * An SLO over the replay, through the same burn-rate evaluator the live pipeline uses.
     *
     * @param goodFraction good events over all events of the replay
     * @param burnRate (1 − good fraction) / (1 − objective) over the replay
     * @param worstCurrentBurnRate highest burn over the shortest alert window at any minute
     * @param firstFiringMillis start of the first minute at whose end an alert fired, or -1
     * @param firedAlerts names of the alert pairs that fired at some minute
     * @param budgetRemaining error budget left at the end (1 untouched, negative overspent)
     */
    public record SloOutcome(
            String name,
            String service,
            double thresholdSeconds,
            double objective,
            double goodFraction,
            double burnRate,
            double worstCurrentBurnRate,
            long firstFiringMillis,
            List<String> firedAlerts,
            double budgetRemaining) {}
}
