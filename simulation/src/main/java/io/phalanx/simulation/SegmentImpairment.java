package io.phalanx.simulation;

/**
 * What one directed stretch of the path does to the packets crossing it, on top of its baseline
 * latency. Every effect is decided per packet from {@link PacketDice}, so it is reproducible.
 *
 * <p>Order of effects: random loss, then the congestion queue (tail drop when the bytes waiting
 * would exceed its capacity, else the packet waits for the bytes ahead of it at the service rate),
 * then the constant delay plus uniform jitter in [-jitter, +jitter]. The stretch stays FIFO under
 * jitter (a packet never overtakes the one before it; like a real link, jitter alone does not
 * reorder). Reordering is its own effect: the chosen fraction of packets is held back by {@code
 * holdBackMs} after the FIFO, so later packets overtake them.
 *
 * @param extraDelayMs constant one-way delay added to every packet
 * @param jitterMs half-width of the uniform jitter around {@code extraDelayMs}
 * @param lossRatio probability that a packet is dropped, independently per packet
 * @param reorderRatio probability that a packet is held back
 * @param holdBackMs how long a held-back packet is delayed beyond its FIFO departure
 * @param congestion a FIFO bottleneck queue, or null for an uncongested stretch
 */
public record SegmentImpairment(
        double extraDelayMs,
        double jitterMs,
        double lossRatio,
        double reorderRatio,
        double holdBackMs,
        CongestionQueue congestion) {

    /** No effect at all: the stretch only has its baseline latency. */
    public static final SegmentImpairment NONE = new SegmentImpairment(0, 0, 0, 0, 0, null);

    /**
     * A bottleneck FIFO queue: packets are served at {@code serviceBitsPerSecond}; a packet that
     * finds more than {@code capacityBytes} minus its own size waiting is dropped (tail drop).
     */
    public record CongestionQueue(long serviceBitsPerSecond, int capacityBytes) {
        public CongestionQueue {
            if (serviceBitsPerSecond <= 0 || capacityBytes <= 0) {
                throw new IllegalArgumentException("service rate and capacity must be positive");
            }
        }
    }

    public SegmentImpairment {
        if (extraDelayMs < 0 || jitterMs < 0 || holdBackMs < 0) {
            throw new IllegalArgumentException("delays must be >= 0");
        }
        if (jitterMs > extraDelayMs) {
            throw new IllegalArgumentException("jitter must not exceed the delay it varies");
        }
        if (lossRatio < 0 || lossRatio > 1 || reorderRatio < 0 || reorderRatio > 1) {
            throw new IllegalArgumentException("ratios are fractions in [0, 1]");
        }
    }

    public static SegmentImpairment delay(double extraDelayMs, double jitterMs) {
        return new SegmentImpairment(extraDelayMs, jitterMs, 0, 0, 0, null);
    }

    public static SegmentImpairment loss(double lossRatio) {
        return new SegmentImpairment(0, 0, lossRatio, 0, 0, null);
    }

    public static SegmentImpairment reorder(double reorderRatio, double holdBackMs) {
        return new SegmentImpairment(0, 0, 0, reorderRatio, holdBackMs, null);
    }

    public static SegmentImpairment congestion(long serviceBitsPerSecond, int capacityBytes) {
        return new SegmentImpairment(
                0, 0, 0, 0, 0, new CongestionQueue(serviceBitsPerSecond, capacityBytes));
    }

    public boolean isNone() {
        return equals(NONE);
    }
}
