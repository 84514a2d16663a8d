package io.phalanx.core.stitch;

/**
 * One packet with its sightings at every capture point, assembled by {@link SightingAssembler} when
 * its match window has closed and then folded into the conversation. {@code ts[c]} is the timestamp
 * at capture point index {@code c}, or {@link #UNSEEN}.
 */
public class PendingPacket {
    public static final long UNSEEN = Long.MIN_VALUE;

    /** 0 = canonical a->b, 1 = b->a (see {@link io.phalanx.core.flow.ConversationKey}). */
    public byte dir;

    public byte proto;
    public int tcpFlags;
    public long tcpSeq;
    public long tcpAck;
    public int tcpWindow;
    public int payloadLen;
    public int wireLen;

    /** Per capture point index: the capture timestamp in ns, {@link #UNSEEN} if not seen there. */
    public long[] ts;

    /** Smallest timestamp over the capture points that saw it (drives the match window). */
    public long firstTs;

    public PendingPacket() {}

    public boolean tcpFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
