package io.phalanx.core.incident;

/**
 * Thresholds and windows of the incident patterns, the {@code patterns:} section of the diagnosis
 * rules file ({@link io.phalanx.core.diagnosis.DiagnosisRulesFile#parsePatterns}). Defaults suit
 * captures inside one site (segments well under a millisecond) and services that log timeouts.
 *
 * @param kpiIntervalS length of a segment-KPI interval, seconds
 * @param latencyMs an interval's median one-way latency above this is a latency step
 * @param congestionSpread (p99 - p50) / p50 within an interval at or above this, on a delayed
 *     segment, reads as queueing (congestion) rather than a constant added delay
 * @param sustainIntervals consecutive intervals a segment condition must hold to match
 * @param minPackets intervals with fewer packets on a segment are not judged (loss, reordering)
 * @param lossRatio an interval losing more than this share of a segment's packets is a loss burst
 * @param reorderRatio an interval with more than this share overtaken is reordering
 * @param retransmissionStorm an interval with at least this many sender retransmissions on a
 *     segment's directions is a storm
 * @param deployWindowS a degradation starting within this after a deploy is tied to it
 * @param cpuSaturation a CPU utilisation ratio ({@code cpu_utilization}) at or above this saturates
 * @param timeouts timeout log lines of the same service, after a saturated CPU sample ...
 * @param cpuTimeoutWindowS ... within this window, make CPU saturation with timeouts
 * @param sloBurnRate an SLO alert at or above this burn rate corroborates a service's degradation
 */
public record PatternRules(
        double kpiIntervalS,
        double latencyMs,
        double congestionSpread,
        int sustainIntervals,
        int minPackets,
        double lossRatio,
        double reorderRatio,
        int retransmissionStorm,
        double deployWindowS,
        double cpuSaturation,
        int timeouts,
        double cpuTimeoutWindowS,
        double sloBurnRate)
        implements java.io.Serializable {

    public PatternRules {
        if (kpiIntervalS <= 0
                || latencyMs <= 0
                || congestionSpread <= 0
                || sustainIntervals < 1
                || minPackets < 1
                || lossRatio <= 0
                || reorderRatio <= 0
                || retransmissionStorm < 1
                || deployWindowS <= 0
                || cpuSaturation <= 0
                || timeouts < 1
                || cpuTimeoutWindowS <= 0
                || sloBurnRate <= 0) {
            throw new IllegalArgumentException(
                    "every pattern threshold and window must be positive");
        }
        if (lossRatio >= 1 || reorderRatio >= 1 || cpuSaturation > 1) {
            throw new IllegalArgumentException(
                    "lossRatio and reorderRatio must be below 1, cpuSaturation at most 1");
        }
    }

    public static PatternRules defaults() {
        return new PatternRules(5, 5, 0.5, 1, 50, 0.01, 0.01, 20, 600, 0.9, 10, 120, 14.4);
    }

    public long kpiIntervalMs() {
        return Math.round(kpiIntervalS * 1000);
    }

    // Conditions, one per pattern step, so the Flink patterns and the tests share them.

    public boolean delayed(Signal s) {
        return s.kind == Signal.Kind.SEGMENT_KPI && !Double.isNaN(s.p50Ms) && s.p50Ms > latencyMs;
    }

    /** A delayed interval whose delay varies: queueing. */
    public boolean queueing(Signal s) {
        return delayed(s) && s.latencySpread() >= congestionSpread;
    }

    /** A delayed interval whose delay is steady: an added constant delay. */
    public boolean latencyStep(Signal s) {
        return delayed(s) && s.latencySpread() < congestionSpread;
    }

    public boolean lossBurst(Signal s) {
        return s.kind == Signal.Kind.SEGMENT_KPI
                && s.packets >= minPackets
                && s.lossRatio() > lossRatio;
    }

    public boolean reordering(Signal s) {
        return s.kind == Signal.Kind.SEGMENT_KPI
                && s.packets >= minPackets
                && s.reorderRatio() > reorderRatio;
    }

    public boolean retransmissionStorm(Signal s) {
        return s.kind == Signal.Kind.SEGMENT_KPI && s.retransmissions >= retransmissionStorm;
    }

    public boolean cpuSaturated(Signal s) {
        return s.kind == Signal.Kind.METRIC
                && "cpu_utilization".equals(s.name)
                && s.value >= cpuSaturation;
    }

    public boolean sloBurning(Signal s) {
        return s.kind == Signal.Kind.SLO_ALERT && s.value >= sloBurnRate;
    }

    /** A detection of degradation (anything but a deploy regression itself). */
    public static boolean degradation(Signal s) {
        return s.kind == Signal.Kind.DETECTION && !s.detection.cause.equals("DEPLOY_REGRESSION");
    }

    /** {@code 0.5 + 0.5 (1 - e^{-excess / threshold})}, as in the end-of-capture diagnosis. */
    public static double confidence(double value, double threshold) {
        double excess = Math.max(0, value - threshold);
        return 0.5 + 0.5 * (1 - Math.exp(-excess / threshold));
    }
}
