package io.phalanx.core.stitch;

import io.phalanx.core.packet.PacketEvent;

/**
 * The observations of one packet identity that are still waiting for the other capture points: kept
 * in keyed state until the match window has passed, then finalised into the conversation.
 *
 * <p>{@code ts[c]} is the timestamp at capture point index {@code c}, or {@link #UNSEEN}. When a
 * capture point sees the same identity twice (a retransmission with the same IP ID, a duplicate),
 * the second copy opens a new instance: the n-th copy at one point matches the n-th at another,
 * which is right because each capture point records in arrival order. The copies of one identity
 * are kept together in a {@link PendingChain}.
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

    static PendingPacket of(PacketEvent p, int dir, int cp, int capturePoints) {
        PendingPacket pp = new PendingPacket();
        pp.dir = (byte) dir;
        pp.proto = p.proto;
        pp.tcpFlags = p.tcpFlags;
        pp.tcpSeq = p.tcpSeq;
        pp.tcpAck = p.tcpAck;
        pp.tcpWindow = p.tcpWindow;
        pp.payloadLen = p.payloadLen;
        pp.wireLen = p.wireLen;
        pp.ts = new long[capturePoints];
        java.util.Arrays.fill(pp.ts, UNSEEN);
        pp.ts[cp] = p.tsNanos;
        pp.firstTs = p.tsNanos;
        return pp;
    }

    public int seenCount() {
        int n = 0;
        for (long t : ts) {
            if (t != UNSEEN) {
                n++;
            }
        }
        return n;
    }

    public boolean tcpFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
