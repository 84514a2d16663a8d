package io.phalanx.core.stitch;

import io.phalanx.core.packet.PacketEvent;

/**
 * One packet seen at one capture point, as kept in the stitching state until its match window
 * closes: the packet's identity, where and when it was seen, what is invariant along the path, and
 * the addresses (so a conversation can be started from any sighting). Flink POJO.
 */
public class Sighting {
    /** {@link PacketIdentity} of the packet. */
    public long identity;

    /** Index of the capture point that saw it. */
    public int capturePoint;

    /** When, on that capture point's clock (ns since the epoch). */
    public long tsNanos;

    public byte dir;
    public byte proto;
    public byte ipVersion;

    /** Arrived after its match window had closed. */
    public boolean late;

    public int tcpFlags;
    public long tcpSeq;
    public long tcpAck;
    public int tcpWindow;
    public int payloadLen;
    public int wireLen;
    public byte[] srcIp;
    public byte[] dstIp;
    public int srcPort;
    public int dstPort;

    public Sighting() {}

    public static Sighting of(PacketEvent p, int capturePoint, boolean flipped, boolean late) {
        Sighting s = new Sighting();
        s.identity = PacketIdentity.of(p, flipped);
        s.capturePoint = capturePoint;
        s.tsNanos = p.tsNanos;
        int dir = flipped ? 1 : 0;
        s.dir = (byte) dir;
        s.proto = p.proto;
        s.ipVersion = p.ipVersion;
        s.late = late;
        s.tcpFlags = p.tcpFlags;
        s.tcpSeq = p.tcpSeq;
        s.tcpAck = p.tcpAck;
        s.tcpWindow = p.tcpWindow;
        s.payloadLen = p.payloadLen;
        s.wireLen = p.wireLen;
        s.srcIp = p.srcIp.clone(); // the event object may be reused by the runtime
        s.dstIp = p.dstIp.clone();
        s.srcPort = p.srcPort;
        s.dstPort = p.dstPort;
        return s;
    }
}
