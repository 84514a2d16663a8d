package io.phalanx.jobs.slo.records;

import io.phalanx.core.slo.SliCounter;
import io.phalanx.core.slo.SloEvaluator;

/**
 * What the burn-rate operator keeps per SLO between buckets: {@link SloEvaluator.Snapshot} as a
 * Flink POJO (the counter ring as two {@code long[]}, the alerts' firing flags) plus the last
 * evaluated boundary.
 */
public class SloEvaluatorState {
    public long firstBucket;
    public long newestBucket;
    public boolean empty;
    public long droppedEvents;
    public long[] cumGood;
    public long[] cumTotal;
    public boolean[] firing;
    public long[] firingSinceMillis;

    /** Last bucket boundary evaluated; {@code Long.MIN_VALUE} before the first. */
    public long lastEvaluatedMillis = Long.MIN_VALUE;

    public long lateEvents;

    public SloEvaluatorState() {}

    public static SloEvaluatorState of(SloEvaluator.Snapshot s, SloEvaluatorState into) {
        SliCounter.State c = s.counter();
        into.firstBucket = c.firstBucket();
        into.newestBucket = c.newestBucket();
        into.empty = c.empty();
        into.droppedEvents = c.droppedEvents();
        into.cumGood = c.cumGood();
        into.cumTotal = c.cumTotal();
        into.firing = s.firing();
        into.firingSinceMillis = s.firingSinceMillis();
        return into;
    }

    public SloEvaluator.Snapshot snapshot() {
        return new SloEvaluator.Snapshot(
                new SliCounter.State(
                        firstBucket, newestBucket, empty, droppedEvents, cumGood, cumTotal),
                firing,
                firingSinceMillis);
    }
}
