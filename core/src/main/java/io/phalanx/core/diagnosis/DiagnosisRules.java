package io.phalanx.core.diagnosis;

/**
 * Thresholds of the network diagnosis. The defaults suit captures inside one site or region:
 * segments there take well under a millisecond, so 5 ms of median one-way latency is a fault.
 *
 * @param latencyMs a segment's median one-way latency above this is suspicious
 * @param congestionSpread (p95 - p50) / p50 at or above this reads as variable queueing delay
 *     (congestion) rather than a constant added delay
 * @param lossRatio loss on a segment above this is a fault
 * @param reorderRatio reordering on a segment above this is a fault
 * @param retransmissionRatio a conversation retransmitting more than this share of its packets,
 *     with no loss between capture points to explain it, is a fault
 * @param innocentLatencyMs a segment below this median latency ...
 * @param innocentLossRatio ... and below this loss is cleared
 */
public record DiagnosisRules(
        double latencyMs,
        double congestionSpread,
        double lossRatio,
        double reorderRatio,
        double retransmissionRatio,
        double innocentLatencyMs,
        double innocentLossRatio)
        implements java.io.Serializable {

    public DiagnosisRules {
        if (latencyMs <= 0
                || congestionSpread <= 0
                || lossRatio <= 0
                || reorderRatio <= 0
                || retransmissionRatio <= 0
                || innocentLatencyMs <= 0
                || innocentLossRatio <= 0) {
            throw new IllegalArgumentException("every diagnosis threshold must be positive");
        }
        if (innocentLatencyMs > latencyMs || innocentLossRatio > lossRatio) {
            throw new IllegalArgumentException(
                    "a segment cannot be cleared at figures that would also flag it");
        }
    }

    public static DiagnosisRules defaults() {
        return new DiagnosisRules(5.0, 0.5, 0.005, 0.005, 0.01, 1.0, 0.001);
    }
}
