package io.phalanx.core.diagnosis;

/**
 * The documented vocabulary of incident causes. A hypothesis names one; the network view can
 * support the first six today, the last two need metrics and deploy feeds.
 */
public enum Cause {
    /** A (near-)constant delay added on a segment: the minimum and the median move together. */
    LATENCY,
    /** Packets seen upstream of a segment and never downstream. */
    LOSS,
    /** Packets leaving a segment in another order than they entered it. */
    REORDERING,
    /** Queueing delay that varies (a wide latency spread), usually with tail drops. */
    CONGESTION,
    /** The two directions of a conversation pass different capture points. */
    ASYMMETRIC_ROUTING,
    /** Senders re-sending data, with no loss between capture points to explain it. */
    RETRANSMISSIONS,
    /** Degradation that starts within a window after a deploy. */
    DEPLOY_REGRESSION,
    /** A host's CPU saturated while its logs show timeouts. */
    CPU_SATURATION
}
