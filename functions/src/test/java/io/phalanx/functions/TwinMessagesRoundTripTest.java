package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.functions.messages.Json;
import io.phalanx.functions.messages.TwinCompareRequest;
import io.phalanx.functions.messages.TwinComparison;
import io.phalanx.functions.messages.TwinPrediction;
import io.phalanx.functions.messages.TwinRequest;
import io.phalanx.functions.messages.TwinSample;
import io.phalanx.functions.messages.TwinScenarioRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.statefun.sdk.java.slice.Slices;
import org.apache.flink.statefun.sdk.java.types.Type;
import org.junit.jupiter.api.Test;

class TwinMessagesRoundTripTest {
    private static <T> T roundTrip(Type<T> type, T value) {
        return type.typeSerializer()
                .deserialize(Slices.wrap(type.typeSerializer().serialize(value).toByteArray()));
    }

    @Test
    void twinMessagesRoundTrip() {
        TwinSample s = new TwinSample(1, "checkout", 1_764_115_200_000L, 10, 0.05, null, 0.2, 2.0);
        assertThat(roundTrip(Types.TWIN_SAMPLE, s)).isEqualTo(s);
        TwinScenarioRequest r =
                new TwinScenarioRequest(
                        1, "checkout", "launch-3x", 3, List.of("l1"), 4, 0.25, 0.99);
        assertThat(roundTrip(Types.TWIN_SCENARIO, r)).isEqualTo(r);
        TwinCompareRequest c =
                new TwinCompareRequest(1, "checkout", "launch-3x", "c-1", List.of(s));
        assertThat(roundTrip(Types.TWIN_COMPARE, c)).isEqualTo(c);
        TwinPrediction p =
                new TwinPrediction(
                        1,
                        "checkout",
                        "launch-3x",
                        3,
                        10,
                        30,
                        0.6,
                        0.6,
                        0.05,
                        null,
                        0,
                        1.67,
                        0.999,
                        0.1,
                        2,
                        2,
                        List.of("2 replicas keep the SLO"));
        assertThat(Json.read(Json.write(p), TwinPrediction.class)).isEqualTo(p);
        TwinComparison k =
                new TwinComparison(
                        1,
                        "checkout",
                        "launch-3x",
                        "c-1",
                        true,
                        List.of(
                                new TwinComparison.Row(
                                        "service", "checkout", "utilisation", 0.6, 0.66, null)),
                        "table");
        assertThat(Json.read(Json.write(k), TwinComparison.class)).isEqualTo(k);
    }

    @Test
    void aKafkaRequestCarriesExactlyOneMessage() {
        TwinScenarioRequest r =
                new TwinScenarioRequest(1, "checkout", "launch-3x", 3, List.of(), null, null, null);
        TwinRequest w = new TwinRequest(1, null, r, null);
        assertThat(roundTrip(Types.TWIN_REQUEST, w)).isEqualTo(w);
        assertThatThrownBy(
                        () ->
                                Json.read(
                                        "{\"v\":1}".getBytes(StandardCharsets.UTF_8),
                                        TwinRequest.class))
                .hasMessageContaining("exactly one of sample, scenario, compare");
    }

    @Test
    void documentedSampleParses() {
        String json =
                "{\"v\":1,\"service\":\"checkout\",\"scenarioId\":\"launch-3x\",\"loadMultiplier\":3,"
                        + "\"sloThresholdSeconds\":0.25,\"sloObjective\":0.99,\"extra\":1}";
        TwinScenarioRequest r =
                Json.read(json.getBytes(StandardCharsets.UTF_8), TwinScenarioRequest.class);
        assertThat(r.removedLinks()).isEmpty();
        assertThat(r.replicas()).isNull();
        assertThat(r.loadMultiplier()).isEqualTo(3);
    }
}
