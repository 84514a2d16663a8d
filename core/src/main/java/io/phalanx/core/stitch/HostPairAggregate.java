package io.phalanx.core.stitch;

import com.tdunning.math.stats.TDigest;

/**
 * All conversations between two hosts, merged: they share routing, so together they tell which
 * capture points each direction passes, in which order, and with what delay and loss. Merging also
 * lets a one-way stream (a UDP flood) borrow the orientation of a two-way conversation between the
 * same hosts. Flink POJO, kept in keyed state by {@link #key(ConversationState)}.
 */
public class HostPairAggregate {
    public byte[] ipA;
    public byte[] ipB;
    public long conversations;

    /** Per direction and capture point: {@code hopPackets[dir * n + cp]}. */
    public long[] hopPackets;

    /** Same layout as {@link ConversationState#pairs}. */
    public PairStats[] pairs;

    public HostPairAggregate() {}

    public static String key(ConversationState s) {
        return java.util.HexFormat.of().formatHex(s.ipA)
                + "-"
                + java.util.HexFormat.of().formatHex(s.ipB);
    }

    public int capturePoints() {
        return hopPackets.length / 2;
    }

    public long hopPackets(int dir, int cp) {
        return hopPackets[dir * capturePoints() + cp];
    }

    public PairStats pair(int dir, int a, int b) {
        int n = capturePoints();
        return pairs[dir * ConversationState.pairCount(n) + ConversationState.pairIndex(a, b, n)];
    }

    public void merge(ConversationState s) {
        int n = s.capturePoints();
        if (pairs == null) {
            ipA = s.ipA;
            ipB = s.ipB;
            hopPackets = new long[2 * n];
            pairs = new PairStats[s.pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = new PairStats(s.pairs[i].a, s.pairs[i].b);
            }
        }
        conversations++;
        for (int d = 0; d < 2; d++) {
            for (int c = 0; c < n; c++) {
                hopPackets[d * n + c] += s.hops[c].packets[d];
            }
        }
        for (int i = 0; i < pairs.length; i++) {
            PairStats into = pairs[i];
            PairStats from = s.pairs[i];
            if (from.both == 0 && from.onlyA == 0 && from.onlyB == 0) {
                continue;
            }
            into.both += from.both;
            into.onlyA += from.onlyA;
            into.onlyB += from.onlyB;
            into.reorderedAUp += from.reorderedAUp;
            into.reorderedBUp += from.reorderedBUp;
            into.minDeltaMs = Math.min(into.minDeltaMs, from.minDeltaMs);
            into.maxDeltaMs = Math.max(into.maxDeltaMs, from.maxDeltaMs);
            if (from.digest != null) {
                TDigest d = into.digest();
                d.add(from.digest());
                into.storeDigest(d);
            }
        }
    }
}
