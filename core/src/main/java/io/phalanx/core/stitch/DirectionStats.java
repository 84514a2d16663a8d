package io.phalanx.core.stitch;

/**
 * One direction of a conversation counted over distinct packets (a packet seen at four capture
 * points counts once). Flink POJO.
 */
public class DirectionStats {
    public long packets;
    public long bytes;
    public long payloadBytes;
    public long retransmissions;
    public long zeroWindows;
    public long resets;

    /**
     * Highest TCP sequence number + payload (+SYN/FIN) sent so far; valid when {@link #seqKnown}.
     */
    public long seqEnd;

    public boolean seqKnown;

    /** Zeek history letters already recorded for this direction (bit per letter, see History). */
    public int historyMask;

    public DirectionStats() {}
}
