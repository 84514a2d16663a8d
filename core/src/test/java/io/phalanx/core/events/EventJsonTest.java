package io.phalanx.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.capture.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJsonTest {
    private static final long T = 1_772_366_400_000L; // 2026-03-01T12:00:00Z

    @Test
    void everyFeedRoundTrips() throws Exception {
        MetricSample m =
                new MetricSample(
                        T,
                        "cpu_utilization",
                        0.95,
                        Map.of("service", "checkout", "host", "checkout-1"));
        LogRecord l =
                new LogRecord(T + 1, "checkout", null, "ERROR", "upstream timeout after 2000 ms");
        DeployEvent d = new DeployEvent(T + 2, "checkout", "v42", "v41", "github-actions");
        ImpactUpdate i = new ImpactUpdate(T + 3, "checkout", 1200.5, "enterprise", 50_000);

        assertThat(EventJson.metric(EventJson.toJson(m))).isEqualTo(m);
        assertThat(EventJson.log(EventJson.toJson(l))).isEqualTo(l);
        assertThat(EventJson.deploy(EventJson.toJson(d))).isEqualTo(d);
        assertThat(EventJson.impact(EventJson.toJson(i))).isEqualTo(i);
        assertThat(m.series())
                .isEqualTo("cpu_utilization{host=\"checkout-1\",service=\"checkout\"}");
        assertThat(EventJson.toJson(d)).contains("\"ts\":\"2026-03-01T12:00:00.002Z\"");
    }

    @Test
    void timestampsAreIsoInstantsOrEpochMillis() throws Exception {
        assertThat(
                        EventJson.deploy("{\"ts\":" + T + ",\"service\":\"a\",\"version\":\"1\"}")
                                .timestampMillis())
                .isEqualTo(T);
        assertThat(
                        EventJson.deploy(
                                        "{\"ts\":\"2026-03-01T12:00:00Z\",\"service\":\"a\",\"version\":\"1\"}")
                                .timestampMillis())
                .isEqualTo(T);
    }

    @Test
    void badRecordsNameTheirFault() {
        assertThatThrownBy(() -> EventJson.metric("{\"ts\":1,\"name\":\"x\"}"))
                .hasMessage("'value' must be a number");
        assertThatThrownBy(() -> EventJson.metric("{\"ts\":1,\"name\":\"x\",\"value\":\"3\"}"))
                .hasMessage("'value' must be a number");
        assertThatThrownBy(
                        () ->
                                EventJson.log(
                                        "{\"ts\":1,\"service\":\"a\",\"level\":\"LOUD\",\"message\":\"m\"}"))
                .hasMessageStartingWith("'level' must be one of");
        assertThatThrownBy(
                        () ->
                                EventJson.deploy(
                                        "{\"ts\":\"yesterday\",\"service\":\"a\",\"version\":\"1\"}"))
                .hasMessageStartingWith("'ts' is not an ISO-8601 instant");
        assertThatThrownBy(() -> EventJson.deploy("{\"service\":\"a\",\"version\":\"1\"}"))
                .hasMessageStartingWith("'ts' is required");
        assertThatThrownBy(
                        () ->
                                EventJson.impact(
                                        "{\"ts\":1,\"service\":\"a\",\"revenuePerMinute\":-1}"))
                .hasMessage("'revenuePerMinute' must be a number >= 0");
        assertThatThrownBy(
                        () ->
                                EventJson.deploy(
                                        "{\"v\":2,\"ts\":1,\"service\":\"a\",\"version\":\"1\"}"))
                .hasMessageStartingWith("unsupported schema version 2");
        assertThatThrownBy(() -> EventJson.deploy("[1,2]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> EventJson.deploy("{\"ts\":")).hasMessageStartingWith("not JSON");
    }

    @Test
    void aSideFileKeepsGoodLinesAndDeadLettersBadOnesWithTheirLine(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("logs.jsonl");
        Files.writeString(
                f,
                "# checkout logs\n"
                        + "{\"ts\":1,\"service\":\"checkout\",\"level\":\"error\",\"message\":\"timeout\"}\n"
                        + "\n"
                        + "{\"ts\":2,\"service\":\"checkout\"}\n"
                        + "{\"ts\":3,\"service\":\"checkout\",\"level\":\"warning\",\"message\":\"slow\"}\n");
        List<DeadLetter> dead = new ArrayList<>();
        List<LogRecord> logs = JsonLinesFile.read(f, "logs", EventJson::log, dead::add);

        assertThat(logs).extracting(LogRecord::level).containsExactly("ERROR", "WARN");
        assertThat(dead)
                .containsExactly(
                        new DeadLetter(f.toString(), "logs", 4, "line 4: 'level' is required"));
    }
}
