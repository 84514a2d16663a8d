package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.slo.SloFileParser;
import io.phalanx.core.twin.PredictedVsObserved;
import io.phalanx.core.twin.TwinHistory;
import io.phalanx.core.twin.TwinReplay;
import io.phalanx.core.twin.TwinResultFile;
import io.phalanx.core.twin.TwinRun;
import io.phalanx.core.twin.TwinSlo;
import io.phalanx.core.twin.WhatIfScenario;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accuracy claim: calibrated on 30 minutes of the shop at today's load, the twin
 * predicts the launch at ×3 of the same system, which the simulator measures request by request
 * (its service times are lognormal, Gamma and fixed where the twin, calibrated at utilisation below
 * 0.3, can only assume exponential). Bounds, from the worst error over seeds 1..20 (the test runs
 * the default seed and seed 11; docs/TWIN.md has the table and where the error comes from):
 *
 * <ul>
 *   <li>utilisation per service: within 6 % (worst 5.0 %, mean 0.8 %): the utilisation law is exact
 *       in expectation, only the noise of 30 simulated minutes remains;
 *   <li>mean latency per request class: within 25 % (worst +20.9 %, mean 7-14 %);
 *   <li>mean response per service: within 30 % (worst +28 %: checkout's Gamma SCV 0.5 and catalog's
 *       lognormal SCV 2 look exponential to a twin calibrated below ρ = 0.3);
 *   <li>p99 per class: within 35 % (worst −29 %: the Gamma path approximation understates the
 *       lognormal tail, 20 % low already at ×1).
 * </ul>
 */
class TwinLaunchAccuracyTest {
    static final double UTILISATION_BOUND = 0.06;
    static final double CLASS_MEAN_BOUND = 0.25;
    static final double SERVICE_MEAN_BOUND = 0.30;
    static final double CLASS_P99_BOUND = 0.35;

    @ParameterizedTest
    @ValueSource(longs = {2005, 11})
    void calibratedAtOneTimesThePredictionOfThreeTimesHoldsItsStatedError(long seed)
            throws Exception {
        TwinHistory history = GeneratedShowcase.launchHistory(seed, 1);
        TwinHistory observed = GeneratedShowcase.launchHistory(seed, 3);
        List<TwinSlo> slos =
                SloFileParser.parse(GeneratedShowcase.LAUNCH_SLO, "slo.yaml").stream()
                        .map(s -> TwinSlo.of(s, ShopEnvironment.declaredShop()))
                        .toList();
        TwinRun run =
                TwinReplay.run(
                        ShopEnvironment.declaredShop(), history, WhatIfScenario.atLoad(3), slos);
        List<PredictedVsObserved.Row> rows =
                PredictedVsObserved.compare(TwinResultFile.stored(run), observed);
        System.out.print("seed " + seed + "\n" + PredictedVsObserved.format(rows));
        assertThat(rows).hasSize(2 * 5 + 2 * 2);
        for (PredictedVsObserved.Row r : rows) {
            double bound =
                    r.figure().equals("utilisation")
                            ? UTILISATION_BOUND
                            : r.kind().equals("service")
                                    ? SERVICE_MEAN_BOUND
                                    : r.figure().startsWith("mean")
                                            ? CLASS_MEAN_BOUND
                                            : CLASS_P99_BOUND;
            assertThat(Math.abs(r.relativeError()))
                    .as(
                            "%s %s %s: predicted %.4f observed %.4f",
                            r.kind(), r.name(), r.figure(), r.predicted(), r.observed())
                    .isLessThanOrEqualTo(bound);
        }

        // What the launch needs: the twin says checkout's SLO breaks at ×3, and so does the
        // observation (buy's p99 above the 500 ms threshold); the replica plan mends it.
        TwinRun.SloOutcome slo = run.slos().get(0);
        assertThat(slo.burnRate()).isGreaterThan(1);
        assertThat(slo.firedAlerts()).isNotEmpty();
        double observedBuyP99 =
                rows.stream()
                        .filter(r -> r.name().equals("buy") && r.figure().startsWith("p99"))
                        .findFirst()
                        .orElseThrow()
                        .observed();
        assertThat(observedBuyP99).isGreaterThan(0.5);
        assertThat(run.replicaPlan().meetsAll()).isTrue();
        assertThat(run.replicaPlan().added()).containsKey("payments");
        assertThat(run.saturationAtPeak())
                .hasValueSatisfying(p -> assertThat(p.loadMultiplier()).isGreaterThan(1));
        assertThat(run.services().values())
                .allSatisfy(s -> assertThat(s.saturatedMinutes()).isZero());

        // And at today's load, the calibration reproduces what it was fed.
        TwinRun same =
                TwinReplay.run(
                        ShopEnvironment.declaredShop(), history, WhatIfScenario.atLoad(1), slos);
        for (PredictedVsObserved.Row r :
                PredictedVsObserved.compare(TwinResultFile.stored(same), history)) {
            if (!r.figure().startsWith("p99")) {
                assertThat(Math.abs(r.relativeError()))
                        .as("x1 %s %s %s", r.kind(), r.name(), r.figure())
                        .isLessThan(0.02);
            }
        }
    }
}
