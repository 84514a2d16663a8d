package io.phalanx.core.stitch;

import io.phalanx.core.packet.PacketEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The copies of one packet identity still inside their match window, oldest first. Nearly always
 * one; a retransmission or duplicate that reuses the identity adds a copy, and the n-th sighting at
 * each capture point joins the n-th copy (capture points record in arrival order). Flink POJO (an
 * array, not a linked list: Flink cannot serialize recursive types without Kryo).
 */
public class PendingChain {
    public PendingPacket[] copies;

    public PendingChain() {}

    /** Adds one sighting to {@code chain} (null for a new identity) and returns the chain. */
    public static PendingChain observe(
            PendingChain chain, PacketEvent p, int dir, int cp, int capturePoints) {
        if (chain == null) {
            chain = new PendingChain();
            chain.copies = new PendingPacket[] {PendingPacket.of(p, dir, cp, capturePoints)};
            return chain;
        }
        for (PendingPacket copy : chain.copies) {
            if (copy.ts[cp] == PendingPacket.UNSEEN) {
                copy.ts[cp] = p.tsNanos;
                copy.firstTs = Math.min(copy.firstTs, p.tsNanos);
                return chain;
            }
        }
        PendingPacket[] more = java.util.Arrays.copyOf(chain.copies, chain.copies.length + 1);
        more[more.length - 1] = PendingPacket.of(p, dir, cp, capturePoints);
        chain.copies = more;
        return chain;
    }

    /** Whether a copy is ready to be finalised. */
    public interface Readiness {
        boolean ready(PendingPacket copy);
    }

    /**
     * Moves the ready copies to {@code out}; returns what stays pending (null when nothing does).
     */
    public PendingChain drain(Readiness readiness, List<PendingPacket> out) {
        List<PendingPacket> keep = new ArrayList<>();
        for (PendingPacket copy : copies) {
            if (readiness.ready(copy)) {
                out.add(copy);
            } else {
                keep.add(copy);
            }
        }
        if (keep.isEmpty()) {
            return null;
        }
        if (keep.size() == copies.length) {
            return this;
        }
        PendingChain rest = new PendingChain();
        rest.copies = keep.toArray(new PendingPacket[0]);
        return rest;
    }
}
