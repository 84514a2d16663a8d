package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SliCounterTest extends SloTestBase {
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private final SliCounter counter = new SliCounter(ONE_MINUTE, ONE_HOUR);

    @Test
    void windowSumsMatchABruteForceSumOverRandomTraffic() {
        SplittableRandom random = new SplittableRandom(42);
        long[] good = new long[300];
        long[] total = new long[300];
        for (int m = 0; m < 300; m++) {
            total[m] = random.nextInt(0, 1000);
            good[m] = total[m] == 0 ? 0 : random.nextLong(0, total[m] + 1);
        }
        for (int m = 0; m < 300; m++) {
            counter.record(minute(m).plusSeconds(random.nextInt(0, 60)), good[m], total[m]);
            int end = m + 1;
            for (int windowMinutes : new int[] {1, 5, 30, 60}) {
                long g = 0;
                long t = 0;
                for (int k = Math.max(0, end - windowMinutes); k < end; k++) {
                    g += good[k];
                    t += total[k];
                }
                assertThat(counter.counts(Duration.ofMinutes(windowMinutes), minute(end)))
                        .as("%d-minute window ending at minute %d", windowMinutes, end)
                        .isEqualTo(new WindowCounts(g, t));
            }
        }
    }

    @Test
    void theOpenBucketIsNotCountedUntilItsBoundary() {
        counter.record(minute(10).plusSeconds(59), 3, 5);

        assertThat(counter.counts(Duration.ofMinutes(5), minute(10).plusSeconds(59)))
                .isEqualTo(WindowCounts.EMPTY);
        assertThat(counter.counts(Duration.ofMinutes(5), minute(11)))
                .isEqualTo(new WindowCounts(3, 5));
        assertThat(counter.counts(Duration.ofMinutes(5), minute(15)))
                .isEqualTo(new WindowCounts(3, 5));
        assertThat(counter.counts(Duration.ofMinutes(5), minute(16))).isEqualTo(WindowCounts.EMPTY);
    }

    @Test
    void lateEventsInsideTheRingAreAddedExactlyAndOlderOnesAreDropped() {
        counter.record(minute(100), 10, 10);
        counter.record(minute(200), 10, 10);

        assertThat(counter.record(minute(150), 1, 4)).isTrue();
        assertThat(counter.record(minute(139), 7, 7)).as("older than the 60-minute ring").isFalse();
        assertThat(counter.droppedEvents()).isEqualTo(7);
        assertThat(counter.counts(ONE_HOUR, minute(201))).isEqualTo(new WindowCounts(11, 14));
        assertThat(counter.counts(Duration.ofMinutes(50), minute(200)))
                .isEqualTo(new WindowCounts(1, 4));
    }

    @Test
    void eventsBeforeTheFirstOneCountWhileStillInsideTheRing() {
        counter.record(minute(30), 2, 2);
        counter.record(minute(10), 1, 3);

        assertThat(counter.counts(ONE_HOUR, minute(31))).isEqualTo(new WindowCounts(3, 5));
        assertThat(counter.counts(Duration.ofMinutes(20), minute(31)))
                .isEqualTo(new WindowCounts(2, 2));
    }

    @Test
    void lookaheadAnswersWindowsEndingBeforeTheNewestBucket() {
        SliCounter withLookahead = new SliCounter(ONE_MINUTE, ONE_HOUR, Duration.ofMinutes(3));
        for (int m = 0; m < 120; m++) {
            withLookahead.record(minute(m), m, m);
            counter.record(minute(m), m, m);
        }
        // Sum of m for m in [57, 117): the hour ending three buckets before the newest.
        long expected = (57 + 116) * 60 / 2;

        assertThat(withLookahead.counts(ONE_HOUR, minute(117)))
                .isEqualTo(new WindowCounts(expected, expected));
        assertThatThrownBy(() -> counter.counts(ONE_HOUR, minute(117)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only holds 60 buckets");
    }

    @Test
    void aGapLongerThanTheRingLeavesOnlyTheNewEvents() {
        counter.record(minute(0), 5, 5);
        counter.record(minute(1000), 1, 2);

        assertThat(counter.counts(ONE_HOUR, minute(1001))).isEqualTo(new WindowCounts(1, 2));
    }

    @Test
    void refusesWindowsItCannotAnswerExactly() {
        counter.record(minute(120), 1, 1);

        assertThatThrownBy(() -> counter.counts(Duration.ofMinutes(61), minute(121)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than the longest window of 60 buckets");
        assertThatThrownBy(() -> counter.counts(Duration.ofSeconds(90), minute(121)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number of buckets");
        assertThatThrownBy(() -> counter.record(minute(121), 3, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
