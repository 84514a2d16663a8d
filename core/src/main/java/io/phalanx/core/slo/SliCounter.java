package io.phalanx.core.slo;

import java.time.Duration;
import java.time.Instant;

/**
 * Good and total SLI events in fixed time buckets (e.g. one minute), remembered for the longest
 * window an SLO needs, with exact sums over any whole number of buckets.
 *
 * <p>The ring holds cumulative counts (like a Prometheus counter sampled at every bucket end), so a
 * window sum is one subtraction whatever its length: evaluating a 28-day window costs the same as a
 * 5-minute one. Memory is two {@code long}s per bucket: 28 days of one-minute buckets is 630 KiB.
 *
 * <p>Time is event time in epoch milliseconds; bucket {@code b} holds events with timestamps in
 * {@code [b * bucket, (b + 1) * bucket)}. Events may arrive out of order: an event into an older
 * bucket still held by the ring is added exactly (cost proportional to how late it is); an event
 * older than the ring is not counted and is reported by {@link #record} and {@link
 * #droppedEvents()}. Duplicates are the caller's concern: counts are added, never de-duplicated.
 * Not thread-safe; one instance per SLO (per key, in a Flink operator).
 */
public final class SliCounter {
    private final long bucketMillis;
    private final long longestWindowBuckets;
    private final int capacity;
    private final long[] cumGood;
    private final long[] cumTotal;
    private long firstBucket;
    private long newestBucket;
    private boolean empty = true;
    private long droppedEvents;

    /**
     * A counter able to answer windows up to {@code longestWindow}, a whole number of buckets,
     * ending at or after the newest bucket recorded.
     */
    public SliCounter(Duration bucket, Duration longestWindow) {
        this(bucket, longestWindow, Duration.ZERO);
    }

    /**
     * A counter that also answers windows ending up to {@code lookahead} before the newest bucket
     * recorded: with out-of-order input, events of the next buckets may be recorded before the
     * watermark lets the current bucket be evaluated. Costs {@code lookahead / bucket} more slots.
     */
    public SliCounter(Duration bucket, Duration longestWindow, Duration lookahead) {
        this.bucketMillis = bucket.toMillis();
        if (bucketMillis <= 0 || longestWindow.toMillis() % bucketMillis != 0) {
            throw new IllegalArgumentException(
                    "longest window "
                            + longestWindow
                            + " is not a whole number of "
                            + bucket
                            + " buckets");
        }
        long buckets = longestWindow.toMillis() / bucketMillis;
        if (buckets < 1 || buckets >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window of " + buckets + " buckets is out of range");
        }
        long ahead = (lookahead.toMillis() + bucketMillis - 1) / bucketMillis;
        if (ahead < 0 || buckets + ahead >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("lookahead " + lookahead + " is out of range");
        }
        this.longestWindowBuckets = buckets;
        // One extra slot holds the cumulative count just before the oldest bucket of the longest
        // window, the value a window sum subtracts.
        this.capacity = (int) (buckets + ahead) + 1;
        this.cumGood = new long[capacity];
        this.cumTotal = new long[capacity];
    }

    public Duration bucket() {
        return Duration.ofMillis(bucketMillis);
    }

    /**
     * The counter's whole mutable state, for a stream processor that keeps it in its own state
     * store between calls. The arrays are the counter's own (shared, not copied): {@link #restore}
     * on the same state continues exactly where this counter stopped.
     */
    public record State(
            long firstBucket,
            long newestBucket,
            boolean empty,
            long droppedEvents,
            long[] cumGood,
            long[] cumTotal) {}

    public State state() {
        return new State(firstBucket, newestBucket, empty, droppedEvents, cumGood, cumTotal);
    }

    /**
     * A counter with the given sizing continuing from {@code state}; throws if the state was taken
     * from a counter of another size (e.g. after the SLO's windows were edited).
     */
    public static SliCounter restore(
            Duration bucket, Duration longestWindow, Duration lookahead, State state) {
        return new SliCounter(bucket, longestWindow, lookahead, state);
    }

    private SliCounter(Duration bucket, Duration longestWindow, Duration lookahead, State state) {
        SliCounter sized = new SliCounter(bucket, longestWindow, lookahead);
        if (state.cumGood().length != sized.capacity || state.cumTotal().length != sized.capacity) {
            throw new IllegalArgumentException(
                    "state holds "
                            + state.cumGood().length
                            + " buckets, this counter needs "
                            + sized.capacity);
        }
        this.bucketMillis = sized.bucketMillis;
        this.longestWindowBuckets = sized.longestWindowBuckets;
        this.capacity = sized.capacity;
        this.cumGood = state.cumGood();
        this.cumTotal = state.cumTotal();
        this.firstBucket = state.firstBucket();
        this.newestBucket = state.newestBucket();
        this.empty = state.empty();
        this.droppedEvents = state.droppedEvents();
    }

    /**
     * Adds {@code good} of {@code total} events observed at {@code epochMillis}. Returns false when
     * the bucket has already left the ring (the events are then only counted as dropped).
     */
    public boolean record(long epochMillis, long good, long total) {
        if (good < 0 || total < good) {
            throw new IllegalArgumentException(
                    "need 0 <= good <= total, got good=" + good + " total=" + total);
        }
        long b = Math.floorDiv(epochMillis, bucketMillis);
        if (empty) {
            firstBucket = b;
            newestBucket = b;
            cumGood[slot(b)] = 0;
            cumTotal[slot(b)] = 0;
            empty = false;
        } else if (b > newestBucket) {
            advanceTo(b);
        } else if (b < newestBucket - capacity + 1) {
            droppedEvents += total;
            return false;
        } else if (b < firstBucket) {
            // Earlier than anything seen but still inside the ring: those slots are empty history.
            for (long k = b; k < firstBucket; k++) {
                cumGood[slot(k)] = 0;
                cumTotal[slot(k)] = 0;
            }
            firstBucket = b;
        }
        for (long k = b; k <= newestBucket; k++) {
            cumGood[slot(k)] += good;
            cumTotal[slot(k)] += total;
        }
        return true;
    }

    /** {@link #record(long, long, long)} at an instant. */
    public boolean record(Instant at, long good, long total) {
        return record(at.toEpochMilli(), good, total);
    }

    /**
     * Exact counts over the {@code window} that ends at the bucket boundary at or before {@code
     * nowMillis}: the buckets in {@code [end - window, end)}. The bucket containing {@code now} is
     * still open and is not counted, so evaluate at bucket boundaries to see every event. Time
     * before the first event counts as zero events.
     *
     * @throws IllegalArgumentException if the window is not a whole number of buckets, or reaches
     *     further back than the ring remembers
     */
    public WindowCounts counts(Duration window, long nowMillis) {
        long w = window.toMillis();
        if (w <= 0 || w % bucketMillis != 0) {
            throw new IllegalArgumentException(window + " is not a whole number of buckets");
        }
        if (w / bucketMillis > longestWindowBuckets) {
            throw new IllegalArgumentException(
                    window
                            + " is longer than the longest window of "
                            + longestWindowBuckets
                            + " buckets");
        }
        long endBucket = Math.floorDiv(nowMillis, bucketMillis); // exclusive
        long last = endBucket - 1;
        long beforeFirst = last - w / bucketMillis;
        long good = cumGoodAt(last) - cumGoodAt(beforeFirst);
        long total = cumTotalAt(last) - cumTotalAt(beforeFirst);
        return new WindowCounts(good, total);
    }

    /** {@link #counts(Duration, long)} at an instant. */
    public WindowCounts counts(Duration window, Instant now) {
        return counts(window, now.toEpochMilli());
    }

    /** Events that arrived after their bucket had left the ring. */
    public long droppedEvents() {
        return droppedEvents;
    }

    private void advanceTo(long b) {
        long from = Math.max(newestBucket + 1, b - capacity + 1);
        long g = cumGood[slot(newestBucket)];
        long t = cumTotal[slot(newestBucket)];
        for (long k = from; k <= b; k++) {
            cumGood[slot(k)] = g;
            cumTotal[slot(k)] = t;
        }
        newestBucket = b;
    }

    private long cumGoodAt(long b) {
        return empty || b < firstBucket ? 0 : cumGood[slot(checkHeld(b))];
    }

    private long cumTotalAt(long b) {
        return empty || b < firstBucket ? 0 : cumTotal[slot(checkHeld(b))];
    }

    private long checkHeld(long b) {
        if (b >= newestBucket) {
            return newestBucket;
        }
        if (b <= newestBucket - capacity) {
            throw new IllegalArgumentException(
                    "window reaches bucket "
                            + b
                            + " but the ring only holds "
                            + (capacity - 1)
                            + " buckets before "
                            + newestBucket);
        }
        return b;
    }

    private int slot(long b) {
        return (int) Math.floorMod(b, (long) capacity);
    }
}
