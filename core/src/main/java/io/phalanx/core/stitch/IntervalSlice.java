package io.phalanx.core.stitch;

/**
 * What one conversation contributed to one KPI interval: the packets of the interval (by first
 * sighting) that the stitcher folded in, as a {@link HostPairAggregate} of that interval alone,
 * plus the wire bytes per direction and capture point and the sender retransmissions. Slices of one
 * host pair and interval merge ({@link #merge(IntervalSlice)}); the segment KPIs are computed from
 * the merged slice with the orientation and clock offsets of the running aggregate ({@link
 * SegmentAnalyzer#intervalKpis}). Flink POJO.
 */
public class IntervalSlice extends HostPairAggregate {
    /** Start of the interval, epoch ms; the interval is {@code [start, start + length)}. */
    public long intervalStartMs;

    /** Wire bytes, layout of {@link #hopPackets}. */
    public long[] hopBytes;

    /** Per direction (0: a->b, 1: b->a): data the sender sent again. */
    public long[] retransmissions;

    public IntervalSlice() {}

    /** The host pair and interval this slice belongs to: {@code <start>|<host pair key>}. */
    public String sliceKey() {
        return intervalStartMs + "|" + key(ipA, ipB);
    }

    public void merge(IntervalSlice other) {
        if (pairs == null) {
            ipA = other.ipA;
            ipB = other.ipB;
            intervalStartMs = other.intervalStartMs;
            hopBytes = new long[other.hopBytes.length];
            retransmissions = new long[2];
        }
        mergeAggregate(other);
        for (int i = 0; i < hopBytes.length; i++) {
            hopBytes[i] += other.hopBytes[i];
        }
        retransmissions[0] += other.retransmissions[0];
        retransmissions[1] += other.retransmissions[1];
    }
}
