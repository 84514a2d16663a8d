package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.slo.MultiWindowBurnRateAlert.Transition;
import io.phalanx.core.slo.MultiWindowBurnRateAlert.Verdict;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The burn-rate, alert and budget arithmetic on steady traffic, where every expected value follows
 * from integer counts. Tolerances: 1e-12 relative for values computed by one division, exact for
 * alert decisions.
 */
class BurnRateMathTest extends SloTestBase {
    private static final String PAGE = "page-1h-5m";

    /**
     * One hour of steady traffic against a fast-page-only SLO, evaluated at the end of the hour.
     * Objective 0.9375 makes {@code 1 - objective = 1/16} exact in binary, so "exactly at the
     * threshold" is exact too: 900 of 1000 bad is a burn rate of exactly 0.9 * 16 = 14.4.
     */
    record SteadyHour(
            String name,
            double objective,
            long perMinute,
            long badPerMinute,
            long minimumEvents,
            double expectedBurnRate,
            Verdict expectedVerdict,
            boolean expectedFiring,
            double expectedBudgetRemaining) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SteadyHour> steadyHours() {
        return Stream.of(
                new SteadyHour(
                        "zero traffic: no evidence, nothing fires, budget untouched",
                        THREE_NINES,
                        0,
                        0,
                        1,
                        Double.NaN,
                        Verdict.TOO_FEW_EVENTS,
                        false,
                        1.0),
                new SteadyHour(
                        "100 % errors: burn 1/(1-objective) = 1000",
                        THREE_NINES,
                        100,
                        100,
                        1,
                        1000,
                        Verdict.BOTH_ABOVE,
                        true,
                        1 - 6000 / (0.001 * 6000)),
                new SteadyHour(
                        "no errors", THREE_NINES, 100, 0, 1, 0, Verdict.NOT_BOTH_ABOVE, false, 1.0),
                new SteadyHour(
                        "exactly at the threshold does not fire (strictly above)",
                        0.9375,
                        1000,
                        900,
                        1,
                        14.4,
                        Verdict.NOT_BOTH_ABOVE,
                        false,
                        1 - 54_000 / 3750.0),
                new SteadyHour(
                        "one bad event per minute above the threshold fires",
                        0.9375,
                        1000,
                        901,
                        1,
                        14.416,
                        Verdict.BOTH_ABOVE,
                        true,
                        1 - 54_060 / 3750.0),
                new SteadyHour(
                        "on budget: burn 1",
                        THREE_NINES,
                        1000,
                        1,
                        1,
                        1,
                        Verdict.NOT_BOTH_ABOVE,
                        false,
                        0.0),
                new SteadyHour(
                        "low traffic: 100 % errors on 4 events per 5 minutes is below a floor of 5",
                        THREE_NINES, 0, 0, 5, Double.NaN, Verdict.TOO_FEW_EVENTS, false, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steadyHours")
    void steadyHourOfTraffic(SteadyHour c) {
        SloEvaluator slo =
                new SloEvaluator(
                        fastPageOnlySlo(
                                c.objective(), 14.4, c.minimumEvents(), Duration.ofDays(28)));

        SloStatus status = run(slo, 0, 60, c.perMinute(), c.badPerMinute());

        MultiWindowBurnRateAlert.Evaluation page = status.alert(PAGE);
        assertThat(page.verdict()).isEqualTo(c.expectedVerdict());
        assertThat(page.firing()).isEqualTo(c.expectedFiring());
        assertBurn(page.longBurnRate(), c.expectedBurnRate());
        assertBurn(page.shortBurnRate(), c.expectedBurnRate());
        assertBurn(status.projectionBurnRate(), c.expectedBurnRate());
        assertThat(status.budget().remaining())
                .isCloseTo(c.expectedBudgetRemaining(), within(1e-9));
    }

    @Test
    void lowTrafficFloorAppliesToEachWindow() {
        // 4 events per 5 minutes, all bad: 48 in the hour but only 4 in the short window.
        SloEvaluator slo =
                new SloEvaluator(fastPageOnlySlo(THREE_NINES, 14.4, 5, Duration.ofDays(28)));
        SloStatus status = null;
        for (long m = 0; m < 60; m++) {
            slo.record(minute(m), 0, m % 5 == 0 ? 4 : 0);
            status = slo.evaluate(minute(m + 1));
        }

        MultiWindowBurnRateAlert.Evaluation page = status.alert(PAGE);

        assertThat(page.longWindow().total()).isEqualTo(48);
        assertThat(page.shortWindow().total()).isEqualTo(4);
        assertThat(page.longBurnRate()).isCloseTo(1000, within(1e-9));
        assertThat(page.verdict()).isEqualTo(Verdict.TOO_FEW_EVENTS);
        assertThat(page.firing()).isFalse();
    }

    @Test
    void aFiringAlertHoldsWhenTrafficStopsAndResolvesOnHealthyTraffic() {
        SloEvaluator slo =
                new SloEvaluator(fastPageOnlySlo(THREE_NINES, 14.4, 50, Duration.ofDays(28)));
        assertThat(run(slo, 0, 60, 100, 50).alert(PAGE).firing()).isTrue();

        // Clients give up: no events for 20 minutes. Not enough evidence to call it recovered.
        MultiWindowBurnRateAlert.Evaluation silent = run(slo, 60, 80, 0, 0).alert(PAGE);
        assertThat(silent.verdict()).isEqualTo(Verdict.TOO_FEW_EVENTS);
        assertThat(silent.firing()).isTrue();
        assertThat(silent.firingSince()).isEqualTo(minute(1));

        MultiWindowBurnRateAlert.Evaluation healthy = run(slo, 80, 81, 100, 0).alert(PAGE);
        assertThat(healthy.verdict()).isEqualTo(Verdict.NOT_BOTH_ABOVE);
        assertThat(healthy.transition()).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void recoveryResetsOnTheShortWindowWhileTheLongWindowStillBurns() {
        SloEvaluator slo =
                new SloEvaluator(fastPageOnlySlo(THREE_NINES, 14.4, 1, Duration.ofDays(28)));
        run(slo, 0, 60, 1000, 0);

        // 5 % errors (burn 50) from minute 60. The 1 h window crosses 14.4 once 0.0144 * 60 000 =
        // 864 events are bad: 50 per minute, so after 18 minutes (900 bad), not after 17 (850).
        assertThat(run(slo, 60, 77, 1000, 50).alert(PAGE).firing()).isFalse();
        MultiWindowBurnRateAlert.Evaluation fired = run(slo, 77, 78, 1000, 50).alert(PAGE);
        assertThat(fired.transition()).isEqualTo(Transition.FIRED);
        assertThat(fired.longBurnRate()).isCloseTo(15, within(1e-9));
        assertThat(run(slo, 78, 90, 1000, 50).alert(PAGE).firing()).isTrue();

        // Errors stop at minute 90. At 93 the 5-minute window still holds two error minutes
        // (burn 20); at 94 only one (burn 10): the alert resets while the hour still burns at 25.
        assertThat(run(slo, 90, 93, 1000, 0).alert(PAGE).firing()).isTrue();
        MultiWindowBurnRateAlert.Evaluation at94 = run(slo, 93, 94, 1000, 0).alert(PAGE);
        assertThat(at94.transition()).isEqualTo(Transition.RESOLVED);
        assertThat(at94.shortBurnRate()).isCloseTo(10, within(1e-9));
        assertThat(at94.longBurnRate())
                .as("the long window alone would still fire")
                .isCloseTo(25, within(1e-9));
    }

    @Test
    void budgetRunsOutWhenTheProjectionSaysSo() {
        // One-day SLO window; a clean day, then 1 % errors (burn 10) at 1000 events per minute.
        SloEvaluator slo =
                new SloEvaluator(fastPageOnlySlo(THREE_NINES, 14.4, 1, Duration.ofDays(1)));
        run(slo, 0, 24 * 60, 1000, 0);

        // After one hour of burning: 600 bad of an allowance of 0.001 * 1 440 000 = 1440.
        SloStatus afterOneHour = run(slo, 24 * 60, 25 * 60, 1000, 10);
        assertThat(afterOneHour.budget().remaining()).isCloseTo(1 - 600 / 1440.0, within(1e-12));
        assertThat(afterOneHour.projectionBurnRate()).isCloseTo(10, within(1e-9));
        // remaining * 1 day / 10 = 0.58333 * 8640 s = 5040 s: exhausted at 26 h 24 m.
        assertThat(afterOneHour.timeToExhaustion())
                .hasValueSatisfying(
                        d ->
                                assertThat(d.toMillis())
                                        .isCloseTo(
                                                Duration.ofSeconds(5040).toMillis(), within(1L)));

        SloStatus justBefore = run(slo, 25 * 60, 26 * 60 + 23, 1000, 10);
        assertThat(justBefore.budget().exhausted()).isFalse();
        assertThat(justBefore.timeToExhaustion())
                .hasValueSatisfying(
                        d ->
                                assertThat(d)
                                        .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61)));
        // At 26:24 bad events equal the allowance; 1 - 0.999 is not exact in binary, hence 1e-12.
        assertThat(run(slo, 26 * 60 + 23, 26 * 60 + 24, 1000, 10).budget().remaining())
                .isCloseTo(0, within(1e-12));
        SloStatus after = run(slo, 26 * 60 + 24, 26 * 60 + 25, 1000, 10);
        assertThat(after.budget().exhausted()).isTrue();
        assertThat(after.budget().remaining()).isNegative();
        assertThat(after.timeToExhaustion()).contains(Duration.ZERO);
    }

    @Test
    void overspentBudgetProjectsZeroAndAnUnusedSloProjectsNothing() {
        SloEvaluator slo =
                new SloEvaluator(fastPageOnlySlo(THREE_NINES, 14.4, 1, Duration.ofDays(1)));
        // 0.5 % errors for two hours, then a clean hour: 600 bad against an allowance of 180.
        run(slo, 0, 120, 1000, 5);

        SloStatus status = run(slo, 120, 180, 1000, 0);

        assertThat(status.budget().remaining())
                .isCloseTo(1 - 600 / 180.0, within(1e-9))
                .isNegative();
        assertThat(status.timeToExhaustion()).contains(Duration.ZERO);
        SloStatus empty =
                new SloEvaluator(fastPageOnlySlo(THREE_NINES, 14.4, 1, Duration.ofDays(1)))
                        .evaluate(minute(60));
        assertThat(empty.timeToExhaustion()).isEmpty();
        assertThat(empty.budget().remaining()).isEqualTo(1.0);
    }

    private static void assertBurn(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else if (expected == 0) {
            assertThat(actual).isZero();
        } else {
            assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-12));
        }
    }
}
