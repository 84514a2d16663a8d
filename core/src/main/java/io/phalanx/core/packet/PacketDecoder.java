package io.phalanx.core.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hand-written, zero-copy decoder from a captured link-layer frame to a {@link PacketEvent}: the
 * hot path of every capture source. It reads {@code buf[offset, offset + length)} in place, never
 * throws for bad input and allocates nothing on success when the event's address arrays can be
 * reused; failures are reported as a {@link Status} plus a human-readable {@link #reason()} that
 * names the layer and byte position, because the reason ends up in a dead letter that someone has
 * to act on.
 *
 * <p>Link types (LINKTYPE_ values): Ethernet (1) with any depth of 802.1Q / 802.1ad / legacy QinQ
 * tags, MPLS label stacks (payload guessed from the first nibble) and PPPoE sessions; Linux cooked
 * SLL (113) and SLL2 (276); raw IP (12, 14, 101; 228 IPv4; 229 IPv6); BSD loopback NULL (0) and
 * LOOP (108), accepting the address family in either byte order because NULL records it in the
 * capturing host's order.
 *
 * <p>Layer 3/4: IPv4 with options and fragments; IPv6 with hop-by-hop, routing, destination
 * options, mobility, HIP, shim6, fragment and AH headers (ESP and no-next-header end the chain:
 * {@code proto} is then 50 or 59 and ports are 0); TCP, UDP, ICMP and ICMPv6. Other transports
 * yield an event with ports 0.
 *
 * <p>Truncation (snap length): an event is still produced as long as the IP header and the fields
 * that identify the packet along the path are captured (TCP ports + sequence number, UDP ports,
 * ICMP type + code); {@link PacketEvent#FLAG_TRUNCATED} then says the transport header itself was
 * cut. Lengths ({@code payloadLen}) always come from the IP header, never from the snap length.
 *
 * <p>Fragments: only a first fragment carries the transport header. The decoder remembers the ports
 * of recently seen first fragments in a small direct-mapped table keyed by (src, dst, proto, IP ID)
 * so that later fragments of the same datagram inherit them; a later fragment whose first fragment
 * was not seen (lost, reordered after it, or evicted) gets {@link PacketEvent#FLAG_NO_PORTS}. The
 * table makes the decoder stateful: use one decoder per capture file, from one thread.
 *
 * <p>{@code payloadDigest} hashes only bytes that routers leave alone: never TTL / hop limit, IP or
 * transport checksums (rewritten by NAT and offloads, and the IPv4 checksum changes with the TTL at
 * every hop), MAC addresses or VLAN/MPLS tags (rewritten per link). It covers, for TCP, up to the
 * first {@value #DIGEST_PAYLOAD_BYTES} captured payload bytes (0 when no payload is captured); for
 * UDP the UDP length and up to the first {@value #DIGEST_PAYLOAD_BYTES} payload bytes; for
 * ICMP/ICMPv6 type, code, identifier/sequence (the rest-of-header word) and up to the first {@value
 * #DIGEST_PAYLOAD_BYTES} payload bytes; for non-first fragments and other transports up to the
 * first {@value #DIGEST_PAYLOAD_BYTES} bytes after the IP header. Capture points must capture at
 * least that much for digests to match across hops.
 */
public final class PacketDecoder {

    /** Outcome of {@link #decode}. Only {@link #PACKET} fills the event. */
    public enum Status {
        /** An IP packet; the event is filled. */
        PACKET,
        /** A well-formed frame that does not carry IP (ARP, LLDP, STP, ...): skip, not an error. */
        NOT_IP,
        /** The link type is not one this decoder knows; {@link #reason()} names it. */
        UNSUPPORTED_LINK_TYPE,
        /** The frame is cut or corrupt before the fields an event needs; see {@link #reason()}. */
        MALFORMED
    }

    public static final int LINKTYPE_NULL = 0;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_RAW_12 = 12;
    public static final int LINKTYPE_RAW_14 = 14;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_LOOP = 108;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_IPV4 = 228;
    public static final int LINKTYPE_IPV6 = 229;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** How many payload bytes feed {@link PacketEvent#payloadDigest}. */
    public static final int DIGEST_PAYLOAD_BYTES = 32;

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int MAX_IPV6_EXTENSION_HEADERS = 16;

    private final FragmentPorts fragmentPorts;
    private String reason;
    private int frameStart;

    public PacketDecoder() {
        this(1024);
    }

    /** {@code fragmentSlots} bounds the first-fragment port table (rounded up to a power of 2). */
    public PacketDecoder(int fragmentSlots) {
        this.fragmentPorts = new FragmentPorts(fragmentSlots);
    }

    /** Whether {@link #decode} understands frames of this link type. */
    public static boolean isSupportedLinkType(int linkType) {
        switch (linkType) {
            case LINKTYPE_NULL:
            case LINKTYPE_ETHERNET:
            case LINKTYPE_RAW_12:
            case LINKTYPE_RAW_14:
            case LINKTYPE_RAW:
            case LINKTYPE_LOOP:
            case LINKTYPE_LINUX_SLL:
            case LINKTYPE_IPV4:
            case LINKTYPE_IPV6:
            case LINKTYPE_LINUX_SLL2:
                return true;
            default:
                return false;
        }
    }

    /**
     * Why the last {@link #decode} did not return {@link Status#PACKET}; null after a packet. Byte
     * positions in it are relative to the start of the frame.
     */
    public String reason() {
        return reason;
    }

    /**
     * Decodes one frame into {@code out}, overwriting every L3/L4 field of it ({@code
     * capturePoint}, {@code tsNanos}, {@code fileOffset}, {@code wireLen} and {@code capturedLen}
     * belong to the caller). The address arrays of {@code out} are overwritten in place when they
     * already have the right length, so do not pass an event whose arrays are shared with one that
     * has been handed on; {@link PacketEvent#copy()} makes a safe copy.
     */
    public Status decode(int linkType, byte[] buf, int offset, int length, PacketEvent out) {
        reason = null;
        frameStart = offset;
        int end = offset + length;
        switch (linkType) {
            case LINKTYPE_ETHERNET:
                if (length < 14) {
                    return malformed(
                            "truncated Ethernet header: " + length + " of 14 bytes captured");
                }
                return etherType(u16(buf, offset + 12), buf, offset + 14, end, out);
            case LINKTYPE_LINUX_SLL:
                if (length < 16) {
                    return malformed(
                            "truncated Linux SLL header: " + length + " of 16 bytes captured");
                }
                return etherType(u16(buf, offset + 14), buf, offset + 16, end, out);
            case LINKTYPE_LINUX_SLL2:
                if (length < 20) {
                    return malformed(
                            "truncated Linux SLL2 header: " + length + " of 20 bytes captured");
                }
                return etherType(u16(buf, offset), buf, offset + 20, end, out);
            case LINKTYPE_RAW_12:
            case LINKTYPE_RAW_14:
            case LINKTYPE_RAW:
                return byVersionNibble(buf, offset, end, out, "raw IP frame");
            case LINKTYPE_IPV4:
                return ipv4(buf, offset, end, out);
            case LINKTYPE_IPV6:
                return ipv6(buf, offset, end, out);
            case LINKTYPE_NULL:
            case LINKTYPE_LOOP:
                return loopback(buf, offset, end, out);
            default:
                reason = "unsupported link type " + linkType;
                return Status.UNSUPPORTED_LINK_TYPE;
        }
    }

    private Status loopback(byte[] b, int p, int end, PacketEvent out) {
        if (end - p < 4) {
            return malformed("truncated loopback header: " + (end - p) + " of 4 bytes captured");
        }
        // NULL stores the family in the writer's byte order, LOOP in network order; families are
        // small, so whichever reading fits in 16 bits is the right one.
        int family =
                (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24;
        if ((family & 0xffff0000) != 0) {
            family = Integer.reverseBytes(family);
        }
        switch (family) {
            case 2:
                return ipv4(b, p + 4, end, out);
            case 24: // NetBSD, OpenBSD
            case 28: // FreeBSD
            case 30: // macOS
                return ipv6(b, p + 4, end, out);
            default:
                reason = "loopback address family " + family;
                return Status.NOT_IP;
        }
    }

    private Status etherType(int type, byte[] b, int p, int end, PacketEvent out) {
        for (; ; ) {
            switch (type) {
                case 0x0800:
                    return ipv4(b, p, end, out);
                case 0x86dd:
                    return ipv6(b, p, end, out);
                case 0x8100: // 802.1Q
                case 0x88a8: // 802.1ad S-tag
                case 0x9100: // pre-standard QinQ
                case 0x9200:
                case 0x9300:
                    if (end - p < 4) {
                        return malformed("truncated VLAN tag at byte " + (p - frameStart));
                    }
                    type = u16(b, p + 2);
                    p += 4;
                    continue;
                case 0x8847: // MPLS unicast
                case 0x8848: // MPLS multicast
                    return mpls(b, p, end, out);
                case 0x8864: // PPPoE session
                    if (end - p < 8) {
                        return malformed("truncated PPPoE header at byte " + (p - frameStart));
                    }
                    int ppp = u16(b, p + 6);
                    if (ppp == 0x0021) {
                        return ipv4(b, p + 8, end, out);
                    } else if (ppp == 0x0057) {
                        return ipv6(b, p + 8, end, out);
                    }
                    reason = "PPP protocol 0x" + Integer.toHexString(ppp);
                    return Status.NOT_IP;
                default:
                    reason = "EtherType 0x" + Integer.toHexString(type);
                    return Status.NOT_IP;
            }
        }
    }

    private Status mpls(byte[] b, int p, int end, PacketEvent out) {
        for (; ; ) {
            if (end - p < 4) {
                return malformed("truncated MPLS label stack at byte " + (p - frameStart));
            }
            boolean bottomOfStack = (b[p + 2] & 1) != 0;
            p += 4;
            if (bottomOfStack) {
                break;
            }
        }
        // MPLS does not say what it carries; IP is recognised by its version nibble, anything
        // else (pseudowire control word, Ethernet over MPLS) is left alone.
        if (p >= end) {
            return malformed("nothing captured after the MPLS label stack");
        }
        int version = (b[p] & 0xff) >>> 4;
        if (version == 4) {
            return ipv4(b, p, end, out);
        } else if (version == 6) {
            return ipv6(b, p, end, out);
        }
        reason = "MPLS payload with first nibble " + version;
        return Status.NOT_IP;
    }

    private Status byVersionNibble(byte[] b, int p, int end, PacketEvent out, String what) {
        if (p >= end) {
            return malformed("empty " + what);
        }
        int version = (b[p] & 0xff) >>> 4;
        if (version == 4) {
            return ipv4(b, p, end, out);
        } else if (version == 6) {
            return ipv6(b, p, end, out);
        }
        return malformed(what + " with IP version " + version);
    }

    private Status ipv4(byte[] b, int p, int end, PacketEvent out) {
        int avail = end - p;
        if (avail < 20) {
            return malformed(
                    "truncated IPv4 header at byte "
                            + (p - frameStart)
                            + ": "
                            + Math.max(avail, 0)
                            + " of 20 bytes captured");
        }
        int version = (b[p] & 0xff) >>> 4;
        if (version != 4) {
            return malformed("IP version " + version + " where IPv4 was announced");
        }
        int ihl = (b[p] & 0x0f) * 4;
        if (ihl < 20) {
            return malformed("IPv4 header length " + ihl + " < 20");
        }
        if (avail < ihl) {
            return malformed(
                    "truncated IPv4 options: " + avail + " of " + ihl + " header bytes captured");
        }
        int totalLen = u16(b, p + 2);
        if (totalLen == 0) {
            // TCP segmentation offload hands super-frames to the capture with length 0.
            totalLen = avail;
        } else if (totalLen < ihl) {
            return malformed("IPv4 total length " + totalLen + " < header length " + ihl);
        }
        int fragField = u16(b, p + 6);
        int fragOffset = (fragField & 0x1fff) << 3;
        boolean moreFragments = (fragField & 0x2000) != 0;

        resetTransport(out);
        out.ipVersion = 4;
        out.ipId = u16(b, p + 4);
        out.ttl = b[p + 8] & 0xff;
        int proto = b[p + 9] & 0xff;
        out.proto = (byte) proto;
        out.srcIp = copyAddress(out.srcIp, b, p + 12, 4);
        out.dstIp = copyAddress(out.dstIp, b, p + 16, 4);
        out.fragmentOffset = fragOffset;
        if (fragOffset != 0 || moreFragments) {
            out.flags |= PacketEvent.FLAG_FRAGMENT;
        }
        return transport(
                proto, b, p + ihl, Math.min(p + totalLen, end), totalLen - ihl, moreFragments, out);
    }

    private Status ipv6(byte[] b, int p, int end, PacketEvent out) {
        int avail = end - p;
        if (avail < 40) {
            return malformed(
                    "truncated IPv6 header at byte "
                            + (p - frameStart)
                            + ": "
                            + Math.max(avail, 0)
                            + " of 40 bytes captured");
        }
        int version = (b[p] & 0xff) >>> 4;
        if (version != 6) {
            return malformed("IP version " + version + " where IPv6 was announced");
        }
        int payloadLength = u16(b, p + 4);
        int ipEnd;
        if (payloadLength == 0) {
            // Jumbogram (or offload): the real length is elsewhere; trust what was captured.
            payloadLength = avail - 40;
            ipEnd = end;
        } else {
            ipEnd = Math.min(p + 40 + payloadLength, end);
        }
        resetTransport(out);
        out.ipVersion = 6;
        out.ttl = b[p + 7] & 0xff;
        out.srcIp = copyAddress(out.srcIp, b, p + 8, 16);
        out.dstIp = copyAddress(out.dstIp, b, p + 24, 16);

        int next = b[p + 6] & 0xff;
        int q = p + 40;
        int remaining = payloadLength;
        boolean moreFragments = false;
        for (int i = 0; i < MAX_IPV6_EXTENSION_HEADERS; i++) {
            int len;
            switch (next) {
                case 0: // hop-by-hop
                case 43: // routing
                case 60: // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (ipEnd - q < 2) {
                        return truncatedExtension(next, q);
                    }
                    len = ((b[q + 1] & 0xff) + 1) * 8;
                    break;
                case 51: // AH counts in 4-byte units, minus 2
                    if (ipEnd - q < 2) {
                        return truncatedExtension(next, q);
                    }
                    len = ((b[q + 1] & 0xff) + 2) * 4;
                    break;
                case 44:
                    if (ipEnd - q < 8) {
                        return truncatedExtension(next, q);
                    }
                    int fragField = u16(b, q + 2);
                    out.fragmentOffset = fragField & 0xfff8;
                    moreFragments = (fragField & 1) != 0;
                    out.ipId = i32(b, q + 4);
                    if (out.fragmentOffset != 0 || moreFragments) {
                        out.flags |= PacketEvent.FLAG_FRAGMENT;
                    }
                    len = 8;
                    break;
                default:
                    len = -1;
            }
            if (len < 0) {
                break;
            }
            if (ipEnd - q < len) {
                return truncatedExtension(next, q);
            }
            next = b[q] & 0xff;
            q += len;
            remaining -= len;
            if (out.fragmentOffset != 0) {
                // The rest is fragment data, not headers.
                break;
            }
        }
        out.proto = (byte) next;
        return transport(next, b, q, ipEnd, Math.max(remaining, 0), moreFragments, out);
    }

    private Status truncatedExtension(int header, int q) {
        return malformed(
                "IPv6 extension header " + header + " at byte " + (q - frameStart) + " is cut off");
    }

    /**
     * Decodes the transport starting at {@code p}; {@code end} is the end of captured IP payload
     * (already bounded by the IP length, so Ethernet padding and trailers are excluded), {@code
     * ipPayload} the transport length according to the IP header.
     */
    private Status transport(
            int proto,
            byte[] b,
            int p,
            int end,
            int ipPayload,
            boolean moreFragments,
            PacketEvent out) {
        int avail = end - p;
        if (out.fragmentOffset != 0) {
            int ports = fragmentPorts.lookup(out, proto);
            if (ports == FragmentPorts.ABSENT) {
                out.flags |= PacketEvent.FLAG_NO_PORTS;
            } else {
                out.srcPort = ports >>> 16;
                out.dstPort = ports & 0xffff;
            }
            out.payloadLen = ipPayload;
            out.payloadDigest =
                    digest(proto, b, p, Math.min(avail, DIGEST_PAYLOAD_BYTES), ipPayload);
            return Status.PACKET;
        }
        switch (proto) {
            case PacketEvent.PROTO_TCP:
                {
                    if (avail < 8) {
                        return malformed(
                                "truncated TCP header: "
                                        + Math.max(avail, 0)
                                        + " bytes captured, ports and sequence number need 8");
                    }
                    out.srcPort = u16(b, p);
                    out.dstPort = u16(b, p + 2);
                    out.tcpSeq = i32(b, p + 4) & 0xffffffffL;
                    int dataOffset = 20;
                    if (avail >= 12) {
                        out.tcpAck = i32(b, p + 8) & 0xffffffffL;
                    }
                    if (avail >= 13) {
                        dataOffset = ((b[p + 12] & 0xff) >>> 4) * 4;
                        if (dataOffset < 20) {
                            return malformed("TCP data offset " + dataOffset + " < 20");
                        }
                        out.tcpFlags = (b[p + 12] & 1) << 8;
                    }
                    if (avail >= 14) {
                        out.tcpFlags |= b[p + 13] & 0xff;
                    }
                    if (avail >= 16) {
                        out.tcpWindow = u16(b, p + 14);
                    }
                    if (avail < dataOffset) {
                        out.flags |= PacketEvent.FLAG_TRUNCATED;
                    }
                    out.payloadLen = Math.max(ipPayload - dataOffset, 0);
                    int captured = Math.min(end - (p + dataOffset), out.payloadLen);
                    out.payloadDigest =
                            captured <= 0
                                    ? 0
                                    : digest(
                                            PacketEvent.PROTO_TCP,
                                            b,
                                            p + dataOffset,
                                            Math.min(captured, DIGEST_PAYLOAD_BYTES),
                                            0);
                    break;
                }
            case PacketEvent.PROTO_UDP:
                {
                    if (avail < 4) {
                        return malformed(
                                "truncated UDP header: "
                                        + Math.max(avail, 0)
                                        + " bytes captured, ports need 4");
                    }
                    out.srcPort = u16(b, p);
                    out.dstPort = u16(b, p + 2);
                    int udpLength = ipPayload;
                    if (avail < 8) {
                        out.flags |= PacketEvent.FLAG_TRUNCATED;
                    } else {
                        udpLength = u16(b, p + 4);
                    }
                    out.payloadLen = Math.max(ipPayload - 8, 0);
                    int captured = Math.min(Math.min(end - (p + 8), out.payloadLen), 32);
                    out.payloadDigest =
                            digest(
                                    PacketEvent.PROTO_UDP,
                                    b,
                                    p + 8,
                                    Math.max(captured, 0),
                                    udpLength);
                    break;
                }
            case PacketEvent.PROTO_ICMP:
            case PacketEvent.PROTO_ICMPV6:
                {
                    if (avail < 2) {
                        return malformed("truncated ICMP header: type and code not captured");
                    }
                    int type = b[p] & 0xff;
                    int code = b[p + 1] & 0xff;
                    int counterpart =
                            proto == PacketEvent.PROTO_ICMP
                                    ? icmpv4Counterpart(type)
                                    : icmpv6Counterpart(type);
                    out.srcPort = type;
                    out.dstPort = counterpart >= 0 ? counterpart : code;
                    if (avail < 8) {
                        out.flags |= PacketEvent.FLAG_TRUNCATED;
                    }
                    out.payloadLen = Math.max(ipPayload - 8, 0);
                    // Skip the checksum; hash the rest-of-header word (id/sequence) and payload.
                    int from = p + 4;
                    int captured = Math.min(end - from, 4 + Math.min(out.payloadLen, 32));
                    out.payloadDigest =
                            digest(proto, b, from, Math.max(captured, 0), type << 8 | code);
                    break;
                }
            default:
                out.payloadLen = ipPayload;
                out.payloadDigest =
                        digest(proto, b, p, Math.max(Math.min(avail, DIGEST_PAYLOAD_BYTES), 0), 0);
                return Status.PACKET;
        }
        if (moreFragments) {
            fragmentPorts.remember(out, proto);
        }
        return Status.PACKET;
    }

    /** Community ID v1: the reply type for two-way ICMPv4 messages, -1 for one-way types. */
    static int icmpv4Counterpart(int type) {
        switch (type) {
            case 8:
                return 0; // echo
            case 0:
                return 8;
            case 13:
                return 14; // timestamp
            case 14:
                return 13;
            case 15:
                return 16; // information
            case 16:
                return 15;
            case 10:
                return 9; // router solicitation / advertisement
            case 9:
                return 10;
            case 17:
                return 18; // address mask
            case 18:
                return 17;
            default:
                return -1;
        }
    }

    /** Community ID v1: the reply type for two-way ICMPv6 messages, -1 for one-way types. */
    static int icmpv6Counterpart(int type) {
        switch (type) {
            case 128:
                return 129; // echo
            case 129:
                return 128;
            case 133:
                return 134; // router solicitation / advertisement
            case 134:
                return 133;
            case 135:
                return 136; // neighbor solicitation / advertisement
            case 136:
                return 135;
            case 130:
                return 131; // multicast listener query / report
            case 131:
                return 130;
            case 144:
                return 145; // home agent address discovery
            case 145:
                return 144;
            default:
                return -1;
        }
    }

    private static void resetTransport(PacketEvent out) {
        out.ipId = -1;
        out.srcPort = 0;
        out.dstPort = 0;
        out.tcpSeq = 0;
        out.tcpAck = 0;
        out.tcpFlags = 0;
        out.tcpWindow = 0;
        out.payloadLen = 0;
        out.payloadDigest = 0;
        out.fragmentOffset = 0;
        out.flags = 0;
    }

    private static byte[] copyAddress(byte[] target, byte[] b, int p, int n) {
        if (target == null || target.length != n) {
            target = new byte[n];
        }
        System.arraycopy(b, p, target, 0, n);
        return target;
    }

    private Status malformed(String why) {
        reason = why;
        return Status.MALFORMED;
    }

    /**
     * A fast, non-cryptographic 64-bit hash (multiply / xor-shift over 8-byte words, finished with
     * the SplitMix64 mixer): good dispersion for telling packets apart, not for adversaries.
     */
    static long digest(int proto, byte[] b, int from, int n, int extra) {
        long h = 0x9e3779b97f4a7c15L * (proto + 1) ^ ((long) extra << 20) ^ n;
        int i = from;
        int end = from + n;
        while (end - i >= 8) {
            h ^= (long) LONG_BE.get(b, i);
            h *= 0xbf58476d1ce4e5b9L;
            h ^= h >>> 31;
            i += 8;
        }
        if (i < end) {
            long tail = 0;
            while (i < end) {
                tail = tail << 8 | (b[i++] & 0xff);
            }
            h ^= tail;
            h *= 0x94d049bb133111ebL;
            h ^= h >>> 29;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    static int i32(byte[] b, int p) {
        return (b[p] & 0xff) << 24
                | (b[p + 1] & 0xff) << 16
                | (b[p + 2] & 0xff) << 8
                | (b[p + 3] & 0xff);
    }
}
