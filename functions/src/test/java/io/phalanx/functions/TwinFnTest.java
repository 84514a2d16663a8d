package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.functions.messages.TwinCompareRequest;
import io.phalanx.functions.messages.TwinComparison;
import io.phalanx.functions.messages.TwinPrediction;
import io.phalanx.functions.messages.TwinRequest;
import io.phalanx.functions.messages.TwinSample;
import io.phalanx.functions.messages.TwinScenarioRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

class TwinFnTest extends FunctionsTestBase {
    private static final long MINUTE = 60_000;
    private final TwinFn fn = new TwinFn();
    private final TestContext ctx = TestContext.forTarget(new Address(Types.TWIN, "checkout"));

    /** 10 req/s on 2 servers at 20 % busy: E[S] = 0.2 * 2 / 10 = 40 ms. */
    private static TwinSample sample(int minute, double rate, double utilisation) {
        return new TwinSample(
                1,
                "checkout",
                T0.toEpochMilli() + minute * MINUTE,
                rate,
                null,
                null,
                utilisation,
                2.0);
    }

    /** Half the minutes come as Kafka would deliver them, wrapped in a {@link TwinRequest}. */
    private void calibrate() throws Throwable {
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                send(Types.TWIN_SAMPLE, sample(i, 10, 0.2));
            } else {
                send(Types.TWIN_REQUEST, new TwinRequest(1, sample(i, 10, 0.2), null, null));
            }
        }
    }

    private <T> void send(org.apache.flink.statefun.sdk.java.types.Type<T> type, T value)
            throws Throwable {
        fn.apply(ctx, message(Types.TWIN, "checkout", type, value)).join();
    }

    private TwinScenarioRequest scenario(String id, double load) {
        return scenario(id, load, 0.5);
    }

    /** An SLO of 99 % under {@code thresholdSeconds}. */
    private TwinScenarioRequest scenario(String id, double load, double thresholdSeconds) {
        return new TwinScenarioRequest(
                1, "checkout", id, load, List.of(), null, thresholdSeconds, 0.99);
    }

    private TwinPrediction lastPrediction() {
        List<?> out = egress(ctx);
        return json(egress(ctx).get(out.size() - 1), TwinPrediction.class);
    }

    @Test
    void threeTimesTheLoadTriplesTheCalibratedUtilisationAndKeepsTheSlo() throws Throwable {
        calibrate();
        send(Types.TWIN_REQUEST, new TwinRequest(1, null, scenario("launch-3x", 3), null));

        assertThat(egress(ctx)).hasSize(1);
        assertThat(egress(ctx).get(0).getTopic()).isEqualTo(Types.TWIN_PREDICTIONS_TOPIC);
        assertThat(egress(ctx).get(0).getKey()).isEqualTo("checkout");
        TwinPrediction p = lastPrediction();
        assertThat(p.scenarioId()).isEqualTo("launch-3x");
        assertThat(p.minutes()).isEqualTo(10);
        assertThat(p.meanArrivalRate()).isCloseTo(30, within(1e-9));
        assertThat(p.meanUtilisation()).isCloseTo(3 * 0.2, within(0.006));
        assertThat(p.saturatedMinutes()).isZero();
        // M/M/2 at rho 0.6 (Erlang C 0.45): E[T] = 40 ms + 0.45 / (50 - 30) s = 62.5 ms.
        assertThat(p.meanSeconds()).isCloseTo(0.0625, within(0.0625 * 0.02));
        // The service saturates at 2 / (2 * 0.2) = 5x the historical peak traffic.
        assertThat(p.saturationMultiplier()).isCloseTo(5, within(0.01));
        assertThat(p.replicas()).isEqualTo(2);
        assertThat(p.replicasNeeded()).isEqualTo(2);
        assertThat(p.sloBurnRate()).isLessThan(1);
        assertThat(p.recommendations()).containsExactly("2 replicas keep the SLO");
        assertThat(ctx.storage().get(TwinFn.RESULTS).orElseThrow().results()).hasSize(1);
    }

    @Test
    void whenTheSloWouldBreakItRecommendsExtraReplicas() throws Throwable {
        calibrate();
        // At 3x the p99 is 263 ms on 2 servers: a 250 ms objective breaks.
        send(Types.TWIN_SCENARIO, scenario("launch-3x-strict", 3, 0.25));
        TwinPrediction p = lastPrediction();
        assertThat(p.p99AtPeakSeconds()).isCloseTo(0.263, within(0.005));
        assertThat(p.sloGoodFraction()).isCloseTo(0.987, within(0.001));
        assertThat(p.sloBurnRate()).isGreaterThan(1);
        assertThat(p.replicasNeeded()).isEqualTo(3);
        assertThat(p.recommendations().get(0))
                .startsWith("add 1 replica of checkout (2 -> 3) to keep p99.0 < 0.25s at x3.0");

        // 6x is beyond capacity (60 req/s, 50 req/s of servers): saturated, no steady state.
        send(Types.TWIN_SCENARIO, scenario("launch-6x", 6, 0.25));
        TwinPrediction six = lastPrediction();
        assertThat(six.peakUtilisation()).isGreaterThanOrEqualTo(1);
        assertThat(six.saturatedMinutes()).isEqualTo(10);
        assertThat(six.meanSeconds()).isNull();
        assertThat(six.replicasNeeded()).isGreaterThanOrEqualTo(4);
        assertThat(six.recommendations()).contains("checkout saturates in 10 of 10 minutes");

        // With the recommended replicas the same launch keeps the SLO.
        send(
                Types.TWIN_SCENARIO,
                new TwinScenarioRequest(
                        1,
                        "checkout",
                        "launch-6x-fixed",
                        6,
                        List.of(),
                        six.replicasNeeded(),
                        0.25,
                        0.99));
        TwinPrediction fixed = lastPrediction();
        assertThat(fixed.saturatedMinutes()).isZero();
        assertThat(fixed.meanUtilisation())
                .isCloseTo(60 * 0.04 / six.replicasNeeded(), within(0.01));
        assertThat(fixed.sloBurnRate()).isLessThan(1);
        assertThat(fixed.replicasNeeded()).isEqualTo(six.replicasNeeded());
    }

    @Test
    void aStoredScenarioIsComparedWithWhatWasObserved() throws Throwable {
        calibrate();
        send(Types.TWIN_SCENARIO, scenario("launch-3x", 3));
        List<TwinSample> observed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            observed.add(sample(100 + i, 30, 0.66)); // 10 % busier than predicted
        }
        send(
                Types.TWIN_COMPARE,
                new TwinCompareRequest(1, "checkout", "launch-3x", "c-1", observed));
        TwinComparison c = json(egress(ctx).get(1), TwinComparison.class);
        assertThat(c.found()).isTrue();
        assertThat(c.requestId()).isEqualTo("c-1");
        TwinComparison.Row util =
                c.rows().stream()
                        .filter(r -> r.kind().equals("service") && r.figure().contains("util"))
                        .findFirst()
                        .orElseThrow();
        assertThat(util.predicted()).isCloseTo(0.6, within(0.006));
        assertThat(util.observed()).isCloseTo(0.66, within(1e-9));
        assertThat(util.relativeError()).isCloseTo(-0.0909, within(0.01));
        assertThat(c.report()).contains("checkout");

        send(Types.TWIN_COMPARE, new TwinCompareRequest(1, "checkout", "unknown", "c-2", observed));
        TwinComparison missing = json(egress(ctx).get(2), TwinComparison.class);
        assertThat(missing.found()).isFalse();
        assertThat(missing.rows()).isEmpty();
    }

    @Test
    void stateIsBounded() throws Throwable {
        for (int i = 0; i < TwinFn.MAX_SAMPLES + 5; i++) {
            send(Types.TWIN_SAMPLE, sample(i, 10, 0.2));
        }
        send(Types.TWIN_SAMPLE, sample(TwinFn.MAX_SAMPLES + 4, 10, 0.3)); // same minute: replaced
        TwinSample[] samples = ctx.storage().get(TwinFn.SAMPLES).orElseThrow();
        assertThat(samples).hasSize(TwinFn.MAX_SAMPLES);
        assertThat(samples[0].minuteStartMillis()).isEqualTo(T0.toEpochMilli() + 5 * MINUTE);
        assertThat(samples[samples.length - 1].utilisation()).isEqualTo(0.3);

        for (int i = 0; i < TwinFn.MAX_RESULTS + 3; i++) {
            send(Types.TWIN_SCENARIO, scenario("s-" + i, 1));
        }
        send(Types.TWIN_SCENARIO, scenario("s-" + (TwinFn.MAX_RESULTS + 2), 2)); // same id
        List<Types.TwinResult> results = ctx.storage().get(TwinFn.RESULTS).orElseThrow().results();
        assertThat(results).hasSize(TwinFn.MAX_RESULTS);
        assertThat(results.get(0).prediction().scenarioId()).isEqualTo("s-3");
        assertThat(results.get(results.size() - 1).prediction().loadMultiplier()).isEqualTo(2);
    }
}
