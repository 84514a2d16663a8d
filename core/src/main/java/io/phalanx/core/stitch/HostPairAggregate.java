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
        return key(s.ipA, s.ipB);
    }

    /** The key of the canonical host pair {@code a}, {@code b}. */
    public static String key(byte[] a, byte[] b) {
        return java.util.HexFormat.of().formatHex(a) + "-" + java.util.HexFormat.of().formatHex(b);
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
        mergePairs(s.pairs);
    }

    /**
     * Adds another aggregate of the same host pair (e.g. an {@link IntervalSlice}): counts, pair
     * deltas and reorder counts add up; {@link #conversations} adds the other's.
     */
    public void mergeAggregate(HostPairAggregate other) {
        int n = other.capturePoints();
        if (pairs == null) {
            ipA = other.ipA;
            ipB = other.ipB;
            hopPackets = new long[2 * n];
            pairs = new PairStats[other.pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = new PairStats(other.pairs[i].a, other.pairs[i].b);
            }
        }
        conversations += other.conversations;
        for (int i = 0; i < hopPackets.length; i++) {
            hopPackets[i] += other.hopPackets[i];
        }
        mergePairs(other.pairs);
    }

    private void mergePairs(PairStats[] others) {
        for (int i = 0; i < pairs.length; i++) {
            PairStats into = pairs[i];
            PairStats from = others[i];
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
