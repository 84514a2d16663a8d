package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's day, checked for what it predicts rather than how fast (the figure lives in
 * docs/BENCHMARKS.md, produced by {@link TwinDayBenchmark}).
 */
class FiftyServiceDayTest extends TwinTestBase {
    private static FiftyServiceDay day;
    private static ServiceTopology twin;

    @BeforeAll
    static void calibrateTheDay() {
        day = new FiftyServiceDay(42);
        twin = Calibration.calibrate(day.topology, day.historyByService);
    }

    @Test
    void calibrationRecoversEveryServiceTimeFromTheDaysKpis() {
        // KPIs carry ±3 % uniform noise on λ and U; over 1440 minutes the ratio estimator is far
        // tighter than that, so 1 % is a bound with margin, not a fit.
        for (QueueingStation truth : day.truth.services().values()) {
            assertThat(twin.services().get(truth.name()).serviceTime().meanSeconds())
                    .as(truth.name())
                    .isCloseTo(truth.serviceTime().meanSeconds(), withinPercentage(1));
        }
    }

    @Test
    void atThreeTimesThePeakSaturatesAndTheNightDoesNot() {
        List<FiftyServiceDay.MinuteOutlook> day3x =
                FiftyServiceDay.evaluateDay(twin, day, 3, FiftyServiceDay.MINUTES);
        FiftyServiceDay.MinuteOutlook midnight = day3x.get(0);
        FiftyServiceDay.MinuteOutlook noon = day3x.get(720);

        assertThat(midnight.saturatedNodes()).isZero();
        assertThat(midnight.saturationMultiplier()).isGreaterThan(3);
        assertThat(noon.saturatedNodes()).isPositive();
        assertThat(noon.worstBurnRate())
                .as("a saturated path burns everything")
                .isCloseTo(100, within(EXACT));
        for (FiftyServiceDay.MinuteOutlook m : day3x) {
            // The saturation point and the per-node verdict are two computations of one fact.
            assertThat(m.saturatedNodes() > 0)
                    .as("minute %d, saturation at x%.3f", m.minute(), m.saturationMultiplier())
                    .isEqualTo(m.saturationMultiplier() <= 3);
        }
    }
}
