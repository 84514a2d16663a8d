package io.phalanx.core.stitch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one conversation's pending sightings back into packets. Sightings are appended to state one
 * by one (a write, never a read, on the hot path); the grouping happens here, when a match window
 * closes.
 *
 * <p>Within one identity, the n-th sighting at one capture point (in time order, which is that
 * point's arrival order) belongs to the same copy as the n-th sighting at every other point: a
 * retransmission that reuses the identity (IP ID 0) becomes a second copy, not a mismatch.
 */
public final class SightingAssembler {
    private final int capturePoints;
    private final Map<Long, List<Sighting>> byIdentity = new HashMap<>();

    /** One packet assembled from its sightings. */
    public record Copy(PendingPacket packet, List<Sighting> sightings, int lateSightings) {
        public Sighting any() {
            return sightings.get(0);
        }
    }

    public SightingAssembler(int capturePoints) {
        this.capturePoints = capturePoints;
    }

    public void add(Sighting s) {
        byIdentity.computeIfAbsent(s.identity, k -> new ArrayList<>(4)).add(s);
    }

    public List<Copy> copies() {
        List<Copy> out = new ArrayList<>();
        int[] seenAtCp = new int[capturePoints];
        for (List<Sighting> entries : byIdentity.values()) {
            if (entries.size() > 1) {
                entries.sort(
                        Comparator.comparingInt((Sighting e) -> e.capturePoint)
                                .thenComparingLong(e -> e.tsNanos));
            }
            Arrays.fill(seenAtCp, 0);
            List<List<Sighting>> copies = new ArrayList<>(1);
            for (Sighting e : entries) {
                int n = seenAtCp[e.capturePoint]++;
                while (copies.size() <= n) {
                    copies.add(new ArrayList<>(entries.size()));
                }
                copies.get(n).add(e);
            }
            for (List<Sighting> c : copies) {
                out.add(assemble(c));
            }
        }
        return out;
    }

    private Copy assemble(List<Sighting> entries) {
        Sighting s = entries.get(0);
        PendingPacket p = new PendingPacket();
        p.dir = s.dir;
        p.proto = s.proto;
        p.tcpFlags = s.tcpFlags;
        p.tcpSeq = s.tcpSeq;
        p.tcpAck = s.tcpAck;
        p.tcpWindow = s.tcpWindow;
        p.payloadLen = s.payloadLen;
        p.wireLen = s.wireLen;
        p.ts = new long[capturePoints];
        Arrays.fill(p.ts, PendingPacket.UNSEEN);
        p.firstTs = Long.MAX_VALUE;
        int late = 0;
        for (Sighting e : entries) {
            p.ts[e.capturePoint] = e.tsNanos;
            p.firstTs = Math.min(p.firstTs, e.tsNanos);
            if (e.late) {
                late++;
            }
        }
        return new Copy(p, entries, late);
    }
}
