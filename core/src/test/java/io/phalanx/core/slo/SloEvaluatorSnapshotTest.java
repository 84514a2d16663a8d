package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Snapshot and restore, as a stream processor keeps the evaluator in its state store between
 * buckets: a restored evaluator continues exactly where the original stopped, firing alerts
 * included.
 */
class SloEvaluatorSnapshotTest extends SloTestBase {
    @Test
    void aRestoredEvaluatorContinuesExactly() {
        SloDefinition slo = workbookSlo("api", "api", THREE_NINES, 100, ServiceImpact.none());
        SloEvaluator original = new SloEvaluator(slo);
        run(original, 0, 90, 1000, 50); // burning: pages fire
        assertThat(original.evaluate(minute(90)).firing()).isTrue();

        SloEvaluator.Snapshot snapshot = original.snapshot();
        SloEvaluator restored =
                SloEvaluator.restore(
                        slo,
                        new SloEvaluator.Snapshot(
                                copy(snapshot.counter()),
                                snapshot.firing().clone(),
                                snapshot.firingSinceMillis().clone()));

        for (long m = 90; m < 200; m++) {
            long bad = m < 120 ? 50 : 0;
            SloStatus a = run(original, m, m + 1, 1000, bad);
            SloStatus b = run(restored, m, m + 1, 1000, bad);
            assertThat(b.budget().remaining()).isEqualTo(a.budget().remaining());
            assertThat(b.currentBurnRate()).isEqualTo(a.currentBurnRate());
            for (int i = 0; i < a.alerts().size(); i++) {
                assertThat(b.alerts().get(i)).isEqualTo(a.alerts().get(i));
            }
        }
    }

    @Test
    void aSnapshotOfAnotherShapeIsRefused() {
        SloDefinition slo = workbookSlo("api", "api", THREE_NINES, 100, ServiceImpact.none());
        SloDefinition shorter = fastPageOnlySlo(THREE_NINES, 14.4, 100, Duration.ofDays(7));
        SloEvaluator.Snapshot s = new SloEvaluator(slo).snapshot();
        assertThatThrownBy(() -> SloEvaluator.restore(shorter, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buckets");
    }

    private static SliCounter.State copy(SliCounter.State s) {
        return new SliCounter.State(
                s.firstBucket(),
                s.newestBucket(),
                s.empty(),
                s.droppedEvents(),
                s.cumGood().clone(),
                s.cumTotal().clone());
    }
}
