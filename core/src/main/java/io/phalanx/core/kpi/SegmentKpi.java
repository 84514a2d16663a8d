package io.phalanx.core.kpi;

/**
 * One segment's figures over one interval of event time, in the direction of travel ({@code from}
 * is upstream): what the segment-KPI stream ({@code phalanx.segment-kpis.v1}, docs/TOPICS.md)
 * carries and what the incident patterns read.
 *
 * <p>Latency is one-way, corrected by the clock offsets estimated so far over the whole capture (a
 * skewed capture clock is not latency). A packet belongs to the interval of its first sighting;
 * loss counts packets seen at {@code from} and never at {@code to}; reordering counts packets
 * overtaken within the interval; retransmissions are the senders' (data sent again) on the
 * directions that cross the segment; bytes are wire bytes seen at {@code from}.
 *
 * @param startMs interval start, epoch ms (inclusive)
 * @param endMs interval end, epoch ms (exclusive)
 * @param latencyP50Ms null when no packet was seen at both ends
 * @param latencyP99Ms null when no packet was seen at both ends
 */
public record SegmentKpi(
        long startMs,
        long endMs,
        String from,
        String to,
        long packets,
        Double latencyP50Ms,
        Double latencyP99Ms,
        long lost,
        long reordered,
        long retransmissions,
        long bytes) {

    /** The entity the KPI concerns: {@code segment:<from>-><to>}. */
    public String entity() {
        return "segment:" + from + "->" + to;
    }

    public double lossRatio() {
        return packets == 0 ? 0 : (double) lost / packets;
    }

    public double reorderRatio() {
        long arrived = packets - lost;
        return arrived <= 0 ? 0 : (double) reordered / arrived;
    }

    /** Wire throughput at {@code from}, bits per second. */
    public double throughputBps() {
        return endMs <= startMs ? 0 : bytes * 8_000.0 / (endMs - startMs);
    }
}
