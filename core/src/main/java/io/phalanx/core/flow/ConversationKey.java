package io.phalanx.core.flow;

import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;

/**
 * The canonical five-tuple of a bidirectional conversation: endpoint {@code a} is the smaller of
 * the two (address, port) pairs, so both directions of a conversation map to the same key. A packet
 * is {@link #isFlipped(PacketEvent) flipped} when it travels from {@code b} to {@code a}. Which
 * endpoint is Zeek's {@code orig} (the initiator) is decided by conversation tracking, not here:
 * the canonical order only makes the key direction-free.
 */
public final class ConversationKey {
    private ConversationKey() {}

    /** True when the packet goes from the canonical {@code b} endpoint to {@code a}. */
    public static boolean isFlipped(PacketEvent p) {
        int c = IpAddresses.compare(p.srcIp, p.dstIp);
        return c > 0 || (c == 0 && p.srcPort > p.dstPort);
    }

    /**
     * A 64-bit hash of the canonical tuple, used as the Flink key: cheap to serialize and to
     * compare in RocksDB. Two live conversations collide with probability ~n²/2⁶⁵ (3e-8 for a
     * million at once); a collision would merge their state, which at that rate is accepted.
     */
    public static long hash(PacketEvent p) {
        boolean flipped = isFlipped(p);
        byte[] a = flipped ? p.dstIp : p.srcIp;
        byte[] b = flipped ? p.srcIp : p.dstIp;
        int pa = flipped ? p.dstPort : p.srcPort;
        int pb = flipped ? p.srcPort : p.dstPort;
        long h = 0x9E3779B97F4A7C15L ^ (p.proto & 0xff);
        h = mixBytes(h, a);
        h = mixBytes(h, b);
        h = mix(h ^ (((long) pa << 16) | pb));
        return h;
    }

    private static long mixBytes(long h, byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 4) {
            int w = 0;
            for (int j = i; j < Math.min(i + 4, bytes.length); j++) {
                w = (w << 8) | (bytes[j] & 0xff);
            }
            h = mix(h ^ (w & 0xffffffffL));
        }
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
