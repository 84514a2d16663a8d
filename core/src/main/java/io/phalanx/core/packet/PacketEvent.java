package io.phalanx.core.packet;

import java.util.Arrays;

/**
 * One packet as recorded at one capture point, reduced to what conversation tracking and cross-hop
 * stitching need. This is the record that flows from the capture sources into the stitching
 * operators; it follows Flink's POJO rules (public no-arg constructor, public mutable fields) so
 * that it serializes without Kryo, yet depends on nothing but the JDK.
 *
 * <p>Direction words follow Zeek: {@code src}/{@code dst} describe this one directed packet; the
 * conversation it belongs to has {@code orig}/{@code resp} endpoints decided later.
 *
 * <p>Everything here is invariant along the path except {@link #tsNanos}, {@link #ttl} and the
 * capture-local fields ({@link #capturePoint}, {@link #fileOffset}, {@link #capturedLen}). Routers
 * decrement the TTL and rewrite MACs; nothing here depends on either.
 */
public class PacketEvent {
    public static final byte FLAG_FRAGMENT = 1;

    /** The captured bytes end before the L4 header ends (snaplen or a corrupt length). */
    public static final byte FLAG_TRUNCATED = 2;

    /** Ports could not be known (a non-first fragment whose first fragment was not seen). */
    public static final byte FLAG_NO_PORTS = 4;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int TCP_URG = 0x20;

    public static final byte PROTO_ICMP = 1;
    public static final byte PROTO_TCP = 6;
    public static final byte PROTO_UDP = 17;
    public static final byte PROTO_ICMPV6 = 58;

    /** Capture point id, e.g. {@code hop1}. */
    public String capturePoint;

    /** Capture timestamp in ns since the epoch, on the capture point's own (untrusted) clock. */
    public long tsNanos;

    /** Byte offset of the packet's record in its capture file, for diagnostics. */
    public long fileOffset;

    /** 4 or 6. */
    public byte ipVersion;

    /** Source address, 4 or 16 bytes. */
    public byte[] srcIp;

    /** Destination address, 4 or 16 bytes. */
    public byte[] dstIp;

    /**
     * TCP/UDP ports. For ICMP/ICMPv6 the Community ID v1 convention: {@code srcPort} = type, {@code
     * dstPort} = the counterpart type for two-way types (echo request/reply, ...), else the code.
     */
    public int srcPort;

    public int dstPort;

    /** IP protocol number of the transport (after IPv6 extension headers). */
    public byte proto;

    /** IPv4 identification, or the IPv6 fragment header's identification; -1 when absent. */
    public int ipId;

    /** IP hop limit / TTL as recorded here (changes along the path). */
    public int ttl;

    /** Transport payload length according to the IP header, independent of the snap length. */
    public int payloadLen;

    /** Original length of the frame on the wire. */
    public int wireLen;

    /** Bytes actually captured for this frame. */
    public int capturedLen;

    public long tcpSeq;
    public long tcpAck;
    public int tcpFlags;

    /** TCP window field as sent (unscaled). */
    public int tcpWindow;

    /**
     * 64-bit digest of the captured transport header fields that do not change in transit and of
     * the start of the payload (ICMP id/sequence, UDP length, payload bytes). It tells apart
     * packets whose IP headers do not (IPv6 without fragment header, IP ID 0).
     */
    public long payloadDigest;

    /** IPv4/IPv6 fragment offset in bytes; 0 for unfragmented packets and first fragments. */
    public int fragmentOffset;

    /** {@link #FLAG_FRAGMENT}, {@link #FLAG_TRUNCATED}, {@link #FLAG_NO_PORTS}. */
    public byte flags;

    public PacketEvent() {}

    public boolean tcpFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }

    public PacketEvent copy() {
        PacketEvent c = new PacketEvent();
        c.capturePoint = capturePoint;
        c.tsNanos = tsNanos;
        c.fileOffset = fileOffset;
        c.ipVersion = ipVersion;
        c.srcIp = srcIp == null ? null : srcIp.clone();
        c.dstIp = dstIp == null ? null : dstIp.clone();
        c.srcPort = srcPort;
        c.dstPort = dstPort;
        c.proto = proto;
        c.ipId = ipId;
        c.ttl = ttl;
        c.payloadLen = payloadLen;
        c.wireLen = wireLen;
        c.capturedLen = capturedLen;
        c.tcpSeq = tcpSeq;
        c.tcpAck = tcpAck;
        c.tcpFlags = tcpFlags;
        c.tcpWindow = tcpWindow;
        c.payloadDigest = payloadDigest;
        c.fragmentOffset = fragmentOffset;
        c.flags = flags;
        return c;
    }

    @Override
    public String toString() {
        return capturePoint
                + "@"
                + tsNanos
                + " "
                + IpAddresses.format(srcIp)
                + ":"
                + srcPort
                + " > "
                + IpAddresses.format(dstIp)
                + ":"
                + dstPort
                + " proto="
                + proto
                + " id="
                + ipId
                + (proto == PROTO_TCP
                        ? " seq="
                                + tcpSeq
                                + " ack="
                                + tcpAck
                                + " flags=0x"
                                + Integer.toHexString(tcpFlags)
                        : "")
                + " len="
                + payloadLen;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PacketEvent p)) {
            return false;
        }
        return tsNanos == p.tsNanos
                && fileOffset == p.fileOffset
                && srcPort == p.srcPort
                && dstPort == p.dstPort
                && proto == p.proto
                && ipId == p.ipId
                && tcpSeq == p.tcpSeq
                && tcpAck == p.tcpAck
                && tcpFlags == p.tcpFlags
                && payloadLen == p.payloadLen
                && payloadDigest == p.payloadDigest
                && java.util.Objects.equals(capturePoint, p.capturePoint)
                && Arrays.equals(srcIp, p.srcIp)
                && Arrays.equals(dstIp, p.dstIp);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tsNanos) * 31 + Long.hashCode(fileOffset);
    }
}
