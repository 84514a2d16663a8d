package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Calibration recovers what generated the KPIs, and what it recovers predicts other loads. */
class CalibrationTest extends TwinTestBase {

    @Test
    void utilisationLawGivesTheMeanServiceTime() {
        // 50 req/s keeping 4 servers 60 % busy: 0.6 · 4 / 50 = 48 ms each.
        assertThat(Calibration.serviceTimeFromUtilisation(50, 0.6, 4))
                .isCloseTo(0.048, within(EXACT));
    }

    @Test
    void meanResponseInversionRecoversTheServiceRate() {
        // M/M/1: W = 1/(μ − λ), so W = 5 at λ = 0.8 means μ = 1.
        assertThat(Calibration.serviceTimeFromMeanResponse(0.8, 1, 5)).isCloseTo(1, within(1e-9));
        // M/M/8 round trip at ρ = 0.9, where W is steep in E[S].
        double w = mmc(8, 1 / 0.02).predict(360).meanResponse();
        assertThat(Calibration.serviceTimeFromMeanResponse(360, 8, w))
                .isCloseTo(0.02, withinPercentage(1e-7));
    }

    @Test
    void p99InversionRecoversTheServiceRate() {
        // M/M/1: p99 = ln(100)/(μ − λ) = 23.03 at λ = 0.8, μ = 1. M/M/4 round trip at ρ = 0.85.
        // 1e-6 relative: the bisection stops at 1e-12 and each step's p99 is itself a bisection.
        assertThat(Calibration.serviceTimeFromResponsePercentile(0.8, 1, 0.99, Math.log(100) / 0.2))
                .isCloseTo(1, withinPercentage(1e-4));
        double p99 = mmc(4, 1 / 0.05).predict(68).responsePercentile(0.99);
        assertThat(Calibration.serviceTimeFromResponsePercentile(68, 4, 0.99, p99))
                .isCloseTo(0.05, withinPercentage(1e-4));
    }

    @Test
    void p99OnlyHistoryIsInvertedThroughTheExactMmcPercentile() {
        // A day of minutes of a 6-server 30 ms service: arrival rates reported with ±2 % noise and
        // every p99 reported 1 % high (histogram bucket rounding). The median of the per-minute
        // inversions still lands within 2 % of the true service time.
        QueueingStation truth = mmc(6, 1 / 0.030);
        List<KpiSample> p99s = new ArrayList<>();
        for (KpiSample k : dayOfMinutes(6, 0.030, 0.02, 4)) {
            p99s.add(
                    KpiSample.p99Only(
                            k.arrivalRate(),
                            truth.predict(k.arrivalRate()).responsePercentile(0.99) * 1.01));
        }
        CalibratedService c = Calibration.calibrate("orders", 6, p99s);

        assertThat(c.method()).isEqualTo(CalibratedService.Method.PERCENTILE_INVERSION);
        assertThat(c.meanServiceSeconds()).isCloseTo(0.030, withinPercentage(2));
    }

    @Test
    void noisyPerMinuteHistoryCalibratesWithinTwoPercent() {
        // A day of minutes for a 6-server, 30 ms exponential service at 20..150 req/s, with ±5 %
        // uniform measurement noise on every KPI. The ratio estimator averages the noise away.
        List<KpiSample> day = dayOfMinutes(6, 0.030, 0.05, 1);
        CalibratedService c = Calibration.calibrate("orders", 6, day);

        assertThat(c.method()).isEqualTo(CalibratedService.Method.UTILISATION_LAW);
        assertThat(c.samplesUsed()).isEqualTo(1440);
        assertThat(c.meanServiceSeconds()).isCloseTo(0.030, withinPercentage(2));
        assertThat(c.scvObserved()).isTrue();
        assertThat(c.station().serviceTime().scv()).isCloseTo(1, within(0.25));
    }

    @Test
    void latencyOnlyHistoryIsInvertedThroughMmc() {
        List<KpiSample> latencyOnly = new ArrayList<>();
        for (KpiSample k : dayOfMinutes(6, 0.030, 0.02, 2)) {
            latencyOnly.add(KpiSample.latencyOnly(k.arrivalRate(), k.meanResponseSeconds()));
        }
        CalibratedService c = Calibration.calibrate("orders", 6, latencyOnly);

        assertThat(c.method()).isEqualTo(CalibratedService.Method.MEAN_RESPONSE_INVERSION);
        assertThat(c.meanServiceSeconds()).isCloseTo(0.030, withinPercentage(2));
        assertThat(c.scvObserved()).isFalse();
    }

    @Test
    void calibratedAtModerateLoadPredictsHighLoadAsTheSimulationShowsIt() {
        // Truth: 4 servers, lognormal service mean 1 s, SCV 2. Observed: five simulated "minutes"
        // at ρ = 0.5 (utilisation and mean response only). Predicted: mean response at ρ = 0.85,
        // against the simulator at that load. Stated error: the DES interval widened by 10 % of W
        // (Allen–Cunneen's approximation error plus the SCV estimated from a small wait at ρ =
        // 0.5).
        QueueingStation truth = lognormalStation(4, 1, 2);
        List<KpiSample> observed = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            SimulationResult minute = simulate(truth, 2.0, seed, 40_000);
            observed.add(
                    KpiSample.withUtilisation(
                            minute.arrivalRate("logn"),
                            minute.meanResponse("logn").mean(),
                            minute.utilisation("logn").mean()));
        }
        CalibratedService fitted = Calibration.calibrate("logn", 4, observed);
        double predicted = fitted.station().predict(3.4).meanResponse();
        ConfidenceInterval actual = simulate(truth, 3.4, 21, 200_000).meanResponse("logn");

        System.out.printf(
                "calibrated E[S]=%.4f scv=%.3f; at rho=0.85 model W=%.4f, DES %s%n",
                fitted.meanServiceSeconds(),
                fitted.station().serviceTime().scv(),
                predicted,
                actual);
        assertThat(fitted.meanServiceSeconds()).isCloseTo(1, withinPercentage(2));
        assertThat(predicted)
                .isBetween(actual.lower() - 0.1 * predicted, actual.upper() + 0.1 * predicted);
    }

    @Test
    void calibratedTopologyMovesTheSaturationPoint() {
        // The db got slower: 30 ms instead of the declared 20 ms. Its history says so, and the
        // calibrated topology saturates at 400·(20/30)/160 = 1.667 instead of 2.5.
        ServiceTopology declared = webShop();
        ServiceTopology calibrated =
                Calibration.calibrate(declared, Map.of(DB, dayOfMinutes(8, 0.030, 0.0, 3)));

        assertThat(calibrated.services().get(DB).serviceTime().meanSeconds())
                .isCloseTo(0.030, withinPercentage(1e-6));
        SaturationPoint s = calibrated.saturationPoint(WhatIfScenario.baseline()).orElseThrow();
        assertThat(s.node()).isEqualTo(DB);
        assertThat(s.loadMultiplier()).isCloseTo(8 / 0.030 / 160, within(1e-6));
    }

    @Test
    void historyWithoutTrafficIsRefused() {
        assertThatThrownBy(
                        () ->
                                Calibration.calibrate(
                                        "idle", 2, List.of(KpiSample.latencyOnly(0, Double.NaN))))
                .hasMessageContaining("no interval with traffic");
    }

    /**
     * 1440 per-minute KPIs of an M/M/c service whose traffic follows a day (trough 20 % of peak,
     * peak at ρ = 0.83), each KPI multiplied by an independent uniform factor in 1 ± noise.
     */
    static List<KpiSample> dayOfMinutes(int servers, double meanService, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        QueueingStation s = mmc(servers, 1 / meanService);
        double peak = 0.83 * servers / meanService;
        List<KpiSample> out = new ArrayList<>();
        for (int minute = 0; minute < 1440; minute++) {
            double shape = 0.6 - 0.4 * Math.cos(2 * Math.PI * minute / 1440);
            double lambda = peak * shape;
            StationPrediction p = s.predict(lambda);
            out.add(
                    KpiSample.withUtilisation(
                            lambda * jitter(random, noise),
                            p.meanResponse() * jitter(random, noise),
                            p.utilisation() * jitter(random, noise)));
        }
        return out;
    }

    private static double jitter(SplittableRandom random, double noise) {
        return 1 + noise * (2 * random.nextDouble() - 1);
    }
}
