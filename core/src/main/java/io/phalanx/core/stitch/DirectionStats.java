package io.phalanx.core.stitch;

/**
 * One direction of a conversation counted over distinct packets (a packet seen at four capture
 * points counts once). Flink POJO.
 */
public class DirectionStats {
    public long packets;
    public long bytes;
    public long retransmissions;
    public long zeroWindows;
    public long resets;

    /**
     * Sequence space sent so far, as sorted, disjoint [start, end) pairs on a 64-bit unwrapped axis
     * (see {@link #seqHigh}). Usually one interval; more while a lost segment's gap is open. A
     * segment whose range is already covered is a retransmission, whatever order the segments were
     * absorbed in: so a capture point's skewed clock, which can put a lost original after the data
     * that followed it, cannot make it count twice.
     */
    public long[] covered = new long[0];

    /** Highest unwrapped sequence end seen; the anchor for unwrapping 32-bit numbers. */
    public long seqHigh;

    public boolean seqKnown;

    /** Zeek history letters already recorded for this direction (bit per letter, see History). */
    public int historyMask;

    public DirectionStats() {}
}
