package io.phalanx.core.stitch;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import java.nio.ByteBuffer;

/**
 * What one conversation direction shows about one pair of capture points {@code a < b} (by index):
 * the raw timestamp differences {@code t(b) - t(a)} of packets seen at both, in ms on the capture
 * points' own clocks (so possibly negative), and the packets seen at only one of them. Which of the
 * two is upstream is not known here; it is decided across conversations (see {@link
 * SegmentAnalyzer}), so reordering is counted for both orientations.
 *
 * <p>The digest is kept as t-digest bytes so the record stays a Flink POJO.
 */
public class PairStats {
    static final double COMPRESSION = 100;

    public int a;
    public int b;
    public long both;
    public long onlyA;
    public long onlyB;

    /** Packets that reached b after a packet that had passed a later (a upstream). */
    public long reorderedAUp;

    /** Packets that reached a after a packet that had passed b later (b upstream). */
    public long reorderedBUp;

    /** Running maxima carried from one finalised batch to the next, for the reorder counts. */
    public long maxTsAInBOrder = Long.MIN_VALUE;

    public long maxTsBInAOrder = Long.MIN_VALUE;

    public double minDeltaMs = Double.POSITIVE_INFINITY;
    public double maxDeltaMs = Double.NEGATIVE_INFINITY;
    public byte[] digest;

    public PairStats() {}

    PairStats(int a, int b) {
        this.a = a;
        this.b = b;
    }

    public TDigest digest() {
        if (digest == null) {
            return new MergingDigest(COMPRESSION);
        }
        return MergingDigest.fromBytes(ByteBuffer.wrap(digest));
    }

    void storeDigest(TDigest d) {
        ByteBuffer buf = ByteBuffer.allocate(d.smallByteSize());
        d.asSmallBytes(buf);
        digest = buf.array();
    }
}
