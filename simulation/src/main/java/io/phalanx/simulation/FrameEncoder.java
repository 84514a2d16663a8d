package io.phalanx.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds the bytes a capture point records for a {@link SimulatedPacket}: Ethernet II with the MACs
 * of the tapped link, an IPv4 header with the TTL of that capture point and a correct header
 * checksum, and the transport header with its checksum computed over the pseudo-header and the
 * <em>whole</em> payload, even though only the first {@code snaplen} bytes are kept — so a
 * checksum-validating reader of the truncated frame has what it needs (tshark then reports the
 * checksum as unverified, not bad).
 */
final class FrameEncoder {
    static final int ETHERNET_HEADER = 14;
    static final int IPV4_HEADER = 20;
    static final int TCP_MSS = 1448;
    private static final int DONT_FRAGMENT = 0x4000;
    private static final int TCP_WINDOW = 64240;

    private FrameEncoder() {}

    /** The frame as recorded at a capture point, cut to {@code snaplen} bytes. */
    static byte[] frame(
            SimulatedPacket p, byte[] srcMac, byte[] dstMac, int ttl, int snaplen, long seed) {
        byte[] transport = p.transport(seed);
        byte[] full = new byte[ETHERNET_HEADER + IPV4_HEADER + transport.length];
        System.arraycopy(dstMac, 0, full, 0, 6);
        System.arraycopy(srcMac, 0, full, 6, 6);
        full[12] = 0x08; // EtherType IPv4
        full[13] = 0x00;
        int ip = ETHERNET_HEADER;
        full[ip] = 0x45;
        putShort(full, ip + 2, p.ipTotalLength());
        putShort(full, ip + 4, p.ipId);
        putShort(full, ip + 6, DONT_FRAGMENT);
        full[ip + 8] = (byte) ttl;
        full[ip + 9] = p.proto;
        putInt(full, ip + 12, p.srcIp);
        putInt(full, ip + 16, p.dstIp);
        putShort(full, ip + 10, checksum(full, ip, IPV4_HEADER, 0));
        System.arraycopy(transport, 0, full, ip + IPV4_HEADER, transport.length);
        return full.length <= snaplen ? full : Arrays.copyOf(full, snaplen);
    }

    /** Transport header plus full payload, checksummed. */
    static byte[] transport(SimulatedPacket p, long seed) {
        int headerLen = p.transportHeaderLength();
        byte[] t = new byte[headerLen + p.payloadLen];
        SplittableRandom payload =
                new SplittableRandom(
                        PacketDice.hash(
                                seed,
                                p.flow,
                                p.dir.ordinal(),
                                p.payloadKey,
                                PacketDice.Purpose.PAYLOAD.ordinal()));
        byte[] body = new byte[p.payloadLen];
        payload.nextBytes(body);
        if (p.payloadPrefix != null) {
            System.arraycopy(
                    p.payloadPrefix, 0, body, 0, Math.min(body.length, p.payloadPrefix.length));
        }
        System.arraycopy(body, 0, t, headerLen, body.length);
        switch (p.proto) {
            case SimulatedPacket.TCP -> {
                putShort(t, 0, p.srcPort);
                putShort(t, 2, p.dstPort);
                putInt(t, 4, (int) p.seq);
                putInt(t, 8, p.has(SimulatedPacket.ACK) ? (int) p.ack : 0);
                t[12] = (byte) ((headerLen / 4) << 4);
                t[13] = (byte) p.tcpFlags;
                putShort(t, 14, TCP_WINDOW);
                if (p.has(SimulatedPacket.SYN)) {
                    t[20] = 2; // MSS option
                    t[21] = 4;
                    putShort(t, 22, TCP_MSS);
                }
                putShort(t, 16, checksum(t, 0, t.length, pseudoHeaderSum(p, t.length)));
            }
            case SimulatedPacket.UDP -> {
                putShort(t, 0, p.srcPort);
                putShort(t, 2, p.dstPort);
                putShort(t, 4, t.length);
                // iperf-like: the datagram's sequence number leads the payload
                putInt(t, 8, (int) p.payloadKey);
                int sum = checksum(t, 0, t.length, pseudoHeaderSum(p, t.length));
                putShort(t, 6, sum == 0 ? 0xffff : sum);
            }
            case SimulatedPacket.ICMP -> {
                t[0] = (byte) p.icmpType;
                t[1] = 0;
                putShort(t, 4, p.srcPort == 0 ? p.dstPort : p.srcPort); // echo id
                putShort(t, 6, (int) p.payloadKey); // echo sequence
                putShort(t, 2, checksum(t, 0, t.length, 0));
            }
            default -> throw new IllegalStateException("proto " + p.proto);
        }
        return t;
    }

    private static int pseudoHeaderSum(SimulatedPacket p, int transportLength) {
        return (p.srcIp >>> 16)
                + (p.srcIp & 0xffff)
                + (p.dstIp >>> 16)
                + (p.dstIp & 0xffff)
                + (p.proto & 0xff)
                + transportLength;
    }

    /** RFC 1071 ones'-complement checksum of {@code len} bytes, starting from {@code initial}. */
    static int checksum(byte[] b, int off, int len, int initial) {
        long sum = initial & 0xffffffffL;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < off + len) {
            sum += (b[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
