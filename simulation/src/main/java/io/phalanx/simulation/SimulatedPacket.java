package io.phalanx.simulation;

/**
 * One IPv4 packet as its sender put it on the wire. Everything that identifies it across capture
 * points (addresses, IP ID, ports, TCP sequence and acknowledgement numbers, flags, payload) is
 * fixed here; what a hop changes (TTL, MACs, IP header checksum) is applied by {@link FrameEncoder}
 * per capture point. A retransmission is a new {@code SimulatedPacket} with a new IP ID and the
 * same sequence range.
 */
final class SimulatedPacket {
    static final byte ICMP = 1;
    static final byte TCP = 6;
    static final byte UDP = 17;

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    /** The workload flow it belongs to and its send ordinal within (flow, direction). */
    final int flow;

    final Direction dir;
    final long ordinal;
    final byte proto;
    final int srcIp;
    final int dstIp;
    final int ipId;
    final int srcPort;
    final int dstPort;
    final long seq;
    final long ack;
    final int tcpFlags;
    final int payloadLen;

    /** ICMP type (8 request, 0 reply); the echo id is the client port, the sequence the key. */
    final int icmpType;

    /** Seeds the payload bytes: a retransmission uses its original's key, so same bytes. */
    final long payloadKey;

    /**
     * Simulator bookkeeping, never on the wire: the receiver's out-of-order ranges when it sent
     * this packet (what SACK blocks would say), relative to its peer's initial sequence number.
     */
    long[] sackBlocks;

    /**
     * Bytes that open the payload (an HTTP request line or status line), or null: the rest of the
     * payload is pseudo-random.
     */
    byte[] payloadPrefix;

    private byte[] transport;

    SimulatedPacket(
            int flow,
            Direction dir,
            long ordinal,
            byte proto,
            int srcIp,
            int dstIp,
            int ipId,
            int srcPort,
            int dstPort,
            long seq,
            long ack,
            int tcpFlags,
            int payloadLen,
            int icmpType,
            long payloadKey) {
        this.flow = flow;
        this.dir = dir;
        this.ordinal = ordinal;
        this.proto = proto;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.ipId = ipId;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq & 0xffffffffL;
        this.ack = ack & 0xffffffffL;
        this.tcpFlags = tcpFlags;
        this.payloadLen = payloadLen;
        this.icmpType = icmpType;
        this.payloadKey = payloadKey;
    }

    boolean has(int flag) {
        return (tcpFlags & flag) != 0;
    }

    /** IPv4 total length: header plus transport header plus payload. */
    int ipTotalLength() {
        return FrameEncoder.IPV4_HEADER + transportHeaderLength() + payloadLen;
    }

    int transportHeaderLength() {
        return switch (proto) {
            case TCP -> has(SYN) ? 24 : 20; // a SYN carries the MSS option
            case UDP, ICMP -> 8;
            default -> throw new IllegalStateException("proto " + proto);
        };
    }

    /** Ethernet frame length on the wire (no FCS), as a capture records it. */
    int frameLength() {
        return FrameEncoder.ETHERNET_HEADER + ipTotalLength();
    }

    /** The transport header and full payload with a valid checksum, built once. */
    byte[] transport(long seed) {
        if (transport == null) {
            transport = FrameEncoder.transport(this, seed);
        }
        return transport;
    }
}
