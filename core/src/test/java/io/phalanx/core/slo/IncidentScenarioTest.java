package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two concurrent incidents: an internal CI dashboard starts failing first, then the checkout
 * service that carries the revenue. The revenue incident must rank first, with an explanation; once
 * checkout recovers while the dashboard keeps burning, the order must flip.
 */
class IncidentScenarioTest extends SloTestBase {
    private static final ServiceImpact INTERNAL_TOOL = new ServiceImpact(0, "internal", 300);
    private static final ServiceImpact REVENUE_SERVICE =
            new ServiceImpact(2400, "enterprise", 250_000);

    /** One service under observation: its SLO evaluator and the incident it opened, if any. */
    static final class ObservedService {
        final SloEvaluator evaluator;
        SloStatus status;
        Instant incidentOpenedAt;

        ObservedService(SloDefinition slo) {
            evaluator = new SloEvaluator(slo);
        }

        /** One minute of traffic ending at boundary {@code m + 1}, then an evaluation there. */
        void minuteOfTraffic(long m, long perMinute, long badPerMinute) {
            status = run(evaluator, m, m + 1, perMinute, badPerMinute);
            if (status.firing() && incidentOpenedAt == null) {
                incidentOpenedAt = status.at();
            }
        }

        Incident incident() {
            return Incident.of(evaluator.slo(), status, incidentOpenedAt);
        }
    }

    private final ObservedService dashboard =
            new ObservedService(
                    workbookSlo(
                            "ci-dashboard-availability",
                            "ci-dashboard",
                            THREE_NINES,
                            100,
                            INTERNAL_TOOL));
    private final ObservedService checkout =
            new ObservedService(
                    workbookSlo(
                            "checkout-availability",
                            "checkout",
                            THREE_NINES,
                            100,
                            REVENUE_SERVICE));
    private final ImpactPrioritizer prioritizer = new ImpactPrioritizer(exampleRules());

    @Test
    void revenueIncidentRanksFirstThenTheOrderFlipsWhenItRecovers() {
        // Two healthy hours, then the dashboard fails (3 % errors, burn 30) from minute 120 and
        // checkout (5 %, burn 50) from minute 135.
        for (long m = 0; m < 160; m++) {
            dashboard.minuteOfTraffic(m, 1000, m >= 120 ? 30 : 0);
            checkout.minuteOfTraffic(m, 1000, m >= 135 ? 50 : 0);
        }
        assertThat(dashboard.incidentOpenedAt)
                .as("internal tool pages first")
                .isBefore(checkout.incidentOpenedAt);

        List<ImpactPrioritizer.PrioritizedIncident> both =
                prioritizer.rank(List.of(dashboard.incident(), checkout.incident()));

        assertThat(both)
                .extracting(r -> r.incident().service())
                .containsExactly("checkout", "ci-dashboard");
        Priority revenue = both.get(0).priority();
        Priority internal = both.get(1).priority();
        assertThat(revenue.level()).isEqualTo(Priority.Level.P1);
        assertThat(internal.level()).isEqualTo(Priority.Level.P2);
        assertThat(revenue.explanation())
                .anySatisfy(l -> assertThat(l).startsWith("burn rate: 30.0 points"))
                .anySatisfy(l -> assertThat(l).startsWith("budget spent: 15.0 points"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("revenue: 25.0 points")
                                        .contains("2400 per minute"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("customer tier: 15.0 points")
                                        .contains("tier enterprise"))
                .anySatisfy(
                        l -> assertThat(l).startsWith("blast radius: ").contains("250000 users"));
        assertThat(internal.term("revenue").points()).isZero();
        assertThat(internal.term("customer tier").points()).isZero();

        // Checkout is fixed at minute 160; the dashboard keeps failing. Forty minutes later both
        // of checkout's pages have reset on their short windows (5 m, 30 m); the 3 d / 6 h ticket
        // stays open as the Workbook intends: the budget is still gone.
        for (long m = 160; m < 200; m++) {
            dashboard.minuteOfTraffic(m, 1000, 30);
            checkout.minuteOfTraffic(m, 1000, 0);
        }
        assertThat(checkout.status.alert("page-1h-5m").firing()).isFalse();
        assertThat(checkout.status.alert("page-6h-30m").firing()).isFalse();
        assertThat(checkout.status.alert("ticket-3d-6h").firing()).isTrue();
        assertThat(dashboard.status.alert("page-1h-5m").firing()).isTrue();

        List<ImpactPrioritizer.PrioritizedIncident> after =
                prioritizer.rank(List.of(dashboard.incident(), checkout.incident()));

        assertThat(after)
                .extracting(r -> r.incident().service())
                .containsExactly("ci-dashboard", "checkout");
        Priority recovered = after.get(1).priority();
        assertThat(recovered.term("burn rate").points()).isZero();
        assertThat(recovered.term("revenue").basis()).contains("exposure 0.000");
        assertThat(recovered.score()).isLessThan(after.get(0).priority().score());
        assertThat(after.get(0).priority().explanation().get(0))
                .startsWith("burn rate: 30.0 points");
    }
}
