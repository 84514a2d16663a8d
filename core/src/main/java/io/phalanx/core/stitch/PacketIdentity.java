package io.phalanx.core.stitch;

import io.phalanx.core.packet.PacketEvent;

/**
 * Recognises the same packet at several capture points. Routers decrement the TTL, rewrite MACs and
 * recompute checksums, so the identity uses only what survives a hop: the direction, the IP
 * identification, TCP sequence/ack/flags, the transport payload length, the fragment offset and,
 * where the IP header cannot tell packets apart (IPv6 without fragment header, IP ID 0), the digest
 * of the transport header and payload start.
 *
 * <p>A TCP retransmission normally carries a new IP ID and therefore a new identity; one that
 * reuses it (IP ID 0) is told apart by arrival order: the n-th copy at one capture point matches
 * the n-th copy at the others (see {@link PendingPacket}).
 */
public final class PacketIdentity {
    private PacketIdentity() {}

    public static long of(PacketEvent p, boolean flipped) {
        long h = flipped ? 0x632BE59BD9B4E019L : 0x2545F4914F6CDD1DL;
        h = mix(h ^ p.proto);
        h = mix(h ^ ((long) p.fragmentOffset << 32 | (p.payloadLen & 0xffffffffL)));
        if (p.ipId > 0) {
            h = mix(h ^ p.ipId);
        }
        if (p.proto == PacketEvent.PROTO_TCP) {
            h = mix(h ^ p.tcpSeq);
            h = mix(h ^ p.tcpAck);
            h = mix(h ^ p.tcpFlags);
            if (p.ipId <= 0) {
                h = mix(h ^ p.payloadDigest);
            }
        } else {
            h = mix(h ^ (((long) p.srcPort << 16) | p.dstPort));
            h = mix(h ^ p.payloadDigest);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
