package io.phalanx.core.twin;

/**
 * A network link between two places a request passes, modelled as a single transmitter (a
 * one-server queue whose service time is the message's serialisation time, bits / capacity)
 * followed by a fixed propagation delay that does not queue.
 *
 * @param capacityBitsPerSecond line rate available to this traffic
 * @param baseLatencyMillis one-way propagation plus fixed processing, paid by every message
 * @param meanMessageBits bits a request puts on the link per traversal
 * @param messageSizes EXPONENTIAL for mixed message sizes, DETERMINISTIC for fixed-size messages
 */
public record Link(
        String name,
        double capacityBitsPerSecond,
        double baseLatencyMillis,
        double meanMessageBits,
        ServiceTimeDistribution.Family messageSizes) {

    public Link {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a link needs a name");
        }
        if (!(capacityBitsPerSecond > 0)) {
            throw new IllegalArgumentException(name + ": capacity must be > 0 bit/s");
        }
        if (!(baseLatencyMillis >= 0)) {
            throw new IllegalArgumentException(name + ": base latency must be >= 0 ms");
        }
        if (!(meanMessageBits > 0)) {
            throw new IllegalArgumentException(name + ": message size must be > 0 bits");
        }
        if (messageSizes != ServiceTimeDistribution.Family.EXPONENTIAL
                && messageSizes != ServiceTimeDistribution.Family.DETERMINISTIC) {
            throw new IllegalArgumentException(
                    name + ": message sizes are EXPONENTIAL or DETERMINISTIC");
        }
    }

    /** A link carrying mixed-size messages (exponential transmission times). */
    public static Link of(
            String name,
            double capacityBitsPerSecond,
            double baseLatencyMillis,
            double meanMessageBits) {
        return new Link(
                name,
                capacityBitsPerSecond,
                baseLatencyMillis,
                meanMessageBits,
                ServiceTimeDistribution.Family.EXPONENTIAL);
    }

    public double baseLatencySeconds() {
        return baseLatencyMillis / 1000;
    }

    /** Messages per second the link can serialise. */
    public double messageCapacity() {
        return capacityBitsPerSecond / meanMessageBits;
    }

    /** The transmitter as a one-server station; the base latency is added on top by the caller. */
    public QueueingStation transmitter() {
        double seconds = meanMessageBits / capacityBitsPerSecond;
        return QueueingStation.of(
                name,
                1,
                messageSizes == ServiceTimeDistribution.Family.DETERMINISTIC
                        ? ServiceTimeDistribution.deterministic(seconds)
                        : ServiceTimeDistribution.exponential(seconds));
    }
}
