package io.phalanx.core.stitch;

import com.tdunning.math.stats.TDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts a batch of stitched packets into per-interval {@link IntervalSlice}s for the segment KPIs,
 * beside (never instead of) {@link ConversationState#absorb}: the conversation's own figures stay
 * exactly what they were.
 *
 * <p>A packet belongs to the interval of its first sighting. Reordering is counted within the
 * packets of one slice (a packet overtaken by one of an earlier batch is not seen here; the
 * end-of-input figures count those too). Retransmissions are only known after {@code absorb}
 * (sequence coverage is conversation state): the batch's new ones are given to the latest interval
 * of the batch.
 */
public final class IntervalSlicer {
    private IntervalSlicer() {}

    /**
     * @param conv the conversation after {@code absorb(batch)}
     * @param retransmissionsBefore per direction, the conversation's count before {@code absorb}
     */
    public static List<IntervalSlice> slice(
            ConversationState conv,
            List<PendingPacket> batch,
            long[] retransmissionsBefore,
            long intervalMs) {
        TreeMap<Long, List<PendingPacket>> byInterval = new TreeMap<>();
        for (PendingPacket p : batch) {
            long start =
                    Math.floorDiv(Math.floorDiv(p.firstTs, 1_000_000L), intervalMs) * intervalMs;
            byInterval.computeIfAbsent(start, k -> new ArrayList<>()).add(p);
        }
        List<IntervalSlice> out = new ArrayList<>();
        int n = conv.capturePoints();
        int pc = ConversationState.pairCount(n);
        for (Map.Entry<Long, List<PendingPacket>> e : byInterval.entrySet()) {
            List<PendingPacket> packets = e.getValue();
            packets.sort(Comparator.comparingLong(p -> p.firstTs));
            IntervalSlice s = new IntervalSlice();
            s.intervalStartMs = e.getKey();
            s.ipA = conv.ipA;
            s.ipB = conv.ipB;
            s.hopPackets = new long[2 * n];
            s.hopBytes = new long[2 * n];
            s.retransmissions = new long[2];
            s.pairs = new PairStats[2 * pc];
            for (int d = 0; d < 2; d++) {
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        s.pairs[d * pc + ConversationState.pairIndex(a, b, n)] =
                                new PairStats(a, b);
                    }
                }
            }
            TDigest[] digests = new TDigest[s.pairs.length];
            for (PendingPacket p : packets) {
                for (int c = 0; c < n; c++) {
                    if (p.ts[c] != PendingPacket.UNSEEN) {
                        s.hopPackets[p.dir * n + c]++;
                        s.hopBytes[p.dir * n + c] += p.wireLen;
                    }
                }
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        boolean sa = p.ts[a] != PendingPacket.UNSEEN;
                        boolean sb = p.ts[b] != PendingPacket.UNSEEN;
                        int idx = p.dir * pc + ConversationState.pairIndex(a, b, n);
                        PairStats ps = s.pairs[idx];
                        if (sa && sb) {
                            ps.both++;
                            double delta = (p.ts[b] - p.ts[a]) / 1e6;
                            ps.minDeltaMs = Math.min(ps.minDeltaMs, delta);
                            ps.maxDeltaMs = Math.max(ps.maxDeltaMs, delta);
                            if (digests[idx] == null) {
                                digests[idx] = ps.digest();
                            }
                            digests[idx].add(delta);
                        } else if (sa) {
                            ps.onlyA++;
                        } else if (sb) {
                            ps.onlyB++;
                        }
                    }
                }
            }
            for (int i = 0; i < digests.length; i++) {
                if (digests[i] != null) {
                    s.pairs[i].storeDigest(digests[i]);
                    countReordering(s.pairs[i], i / pc, packets);
                }
            }
            out.add(s);
        }
        if (!out.isEmpty()) {
            IntervalSlice last = out.get(out.size() - 1);
            for (int d = 0; d < 2; d++) {
                last.retransmissions[d] = conv.dirs[d].retransmissions - retransmissionsBefore[d];
            }
        }
        return out;
    }

    private static void countReordering(PairStats ps, int dir, List<PendingPacket> packets) {
        List<PendingPacket> both = new ArrayList<>();
        for (PendingPacket p : packets) {
            if (p.dir == dir
                    && p.ts[ps.a] != PendingPacket.UNSEEN
                    && p.ts[ps.b] != PendingPacket.UNSEEN) {
                both.add(p);
            }
        }
        long max = Long.MIN_VALUE;
        both.sort(Comparator.comparingLong(p -> p.ts[ps.b]));
        for (PendingPacket p : both) {
            if (p.ts[ps.a] < max) {
                ps.reorderedAUp++;
            } else {
                max = p.ts[ps.a];
            }
        }
        max = Long.MIN_VALUE;
        both.sort(Comparator.comparingLong(p -> p.ts[ps.a]));
        for (PendingPacket p : both) {
            if (p.ts[ps.b] < max) {
                ps.reorderedBUp++;
            } else {
                max = p.ts[ps.b];
            }
        }
    }
}
