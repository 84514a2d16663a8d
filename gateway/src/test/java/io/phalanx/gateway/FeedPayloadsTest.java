package io.phalanx.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.connectors.kafka.Topics;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedPayloadsTest {
    @Test
    void metricsInAllThreeJsonShapesAreKeyedBySeriesAndNormalised() throws Exception {
        String one =
                "{\n  \"ts\": 1772366400250,\n  \"name\": \"cpu_utilization\", \"value\": 0.95,\n"
                        + "  \"labels\": {\"service\": \"checkout\", \"host\": \"checkout-1\"}\n}";
        IngestRecord expected =
                new IngestRecord(
                        Topics.METRICS,
                        "cpu_utilization{host=\"checkout-1\",service=\"checkout\"}",
                        "{\"v\":1,\"ts\":\"2026-03-01T12:00:00.250Z\",\"name\":\"cpu_utilization\","
                                + "\"value\":0.95,\"labels\":{\"host\":\"checkout-1\",\"service\":\"checkout\"}}");

        assertThat(FeedPayloads.metrics(one, MediaType.JSON, 0).records())
                .containsExactly(expected);
        assertThat(FeedPayloads.metrics("[" + one + "," + one + "]", MediaType.JSON, 0).records())
                .containsExactly(expected, expected);
        String lines = one.replace("\n", "") + "\n\n# comment\n" + one.replace("\n", "") + "\n";
        assertThat(FeedPayloads.metrics(lines, MediaType.JSON_LINES, 0).records())
                .containsExactly(expected, expected);
    }

    @Test
    void theFirstBadRecordIsNamedByLineOrIndex() {
        String good = "{\"ts\":0,\"service\":\"a\",\"level\":\"info\",\"message\":\"m\"}";
        String bad = "{\"ts\":0,\"service\":\"a\",\"level\":\"loud\",\"message\":\"m\"}";
        assertThatThrownBy(() -> FeedPayloads.logs(good + "\n" + good + "\n" + bad, MediaType.JSON))
                .isInstanceOfSatisfying(
                        InvalidPayloadException.class,
                        e -> {
                            assertThat(e.positionKind()).isEqualTo("line");
                            assertThat(e.position()).isEqualTo(3);
                            assertThat(e.reason()).contains("'level' must be one of");
                        });
        assertThatThrownBy(() -> FeedPayloads.logs("[" + good + "," + bad + "]", MediaType.JSON))
                .isInstanceOfSatisfying(
                        InvalidPayloadException.class,
                        e -> assertThat(e.getMessage()).startsWith("index 1: 'level'"));
        assertThatThrownBy(() -> FeedPayloads.logs(good + "\n{\"ts\":", MediaType.JSON_LINES))
                .hasMessageStartingWith("line 2: not JSON");
    }

    @Test
    void prometheusSamplesThatJsonCannotCarryAreSkippedAndCounted() throws Exception {
        FeedPayloads.Parsed p =
                FeedPayloads.metrics(
                        "q{quantile=\"0.5\"} NaN\nq_count 0\nup 1 1772366400000\n",
                        MediaType.PROMETHEUS_TEXT,
                        1772366460000L);

        assertThat(p.skipped()).isEqualTo(1);
        assertThat(p.records()).extracting(IngestRecord::key).containsExactly("q_count", "up");
        assertThat(p.records().get(0).value()).contains("\"ts\":\"2026-03-01T12:01:00Z\"");
        assertThat(p.records().get(1).value()).contains("\"ts\":\"2026-03-01T12:00:00Z\"");
    }

    @Test
    void topologyIsValidatedByCoreAndWrittenUnderOneKey() throws Exception {
        String doc =
                "{\"paths\":[{\"from\":\"10.77.1.0/24\",\"to\":\"10.77.3.0/24\","
                        + "\"capturePoints\":[\"hop1\",\"hop2\"]}]}";
        List<IngestRecord> r = FeedPayloads.topology(doc, 1772366400000L).records();
        assertThat(r)
                .containsExactly(
                        new IngestRecord(
                                Topics.TOPOLOGY,
                                "topology",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:00:00Z\",\"paths\":[{\"from\":"
                                        + "\"10.77.1.0/24\",\"to\":\"10.77.3.0/24\","
                                        + "\"capturePoints\":[\"hop1\",\"hop2\"]}]}"));

        assertThatThrownBy(
                        () -> FeedPayloads.topology(doc.replace("10.77.3.0/24", "10.77.3.0/40"), 0))
                .hasMessageContaining("prefix length out of range");
        assertThatThrownBy(() -> FeedPayloads.topology(doc.replace("\"hop2\"", "\"hop1\""), 0))
                .hasMessageContaining("lists a capture point twice");
    }

    @Test
    void servicesAndHostsForTheOntologyAreValidatedAndKept() throws Exception {
        String doc =
                "{\"services\":[{\"name\":\"checkout\",\"tier\":\"revenue\",\"endpoints\":[\"10.77.3.2:8080\"]}],"
                        + "\"hosts\":[{\"name\":\"checkout-1\",\"addresses\":[\"10.77.3.2\"]}]}";
        List<IngestRecord> r = FeedPayloads.topology(doc, 1772366400000L).records();
        assertThat(r).hasSize(1);
        assertThat(r.get(0).value())
                .isEqualTo(
                        "{\"v\":1,\"ts\":\"2026-03-01T12:00:00Z\",\"paths\":[],"
                                + "\"services\":[{\"name\":\"checkout\",\"tier\":\"revenue\",\"endpoints\":[\"10.77.3.2:8080\"]}],"
                                + "\"hosts\":[{\"name\":\"checkout-1\",\"addresses\":[\"10.77.3.2\"]}]}");
        assertThatThrownBy(() -> FeedPayloads.topology("{\"services\":[{\"tier\":\"x\"}]}", 0))
                .hasMessageContaining("services[0]: 'name' is required");
        assertThatThrownBy(() -> FeedPayloads.topology("{\"other\":1}", 0))
                .hasMessageContaining("declares \"paths\", \"services\" or \"hosts\"");
    }

    @Test
    void aGenericDeployAndAGitHubEventWithoutHeaderAreBothRead() throws Exception {
        assertThat(
                        FeedPayloads.deploys(
                                        "{\"ts\":\"2026-03-01T11:59:20Z\",\"service\":\"checkout\","
                                                + "\"version\":\"v42\",\"previousVersion\":\"v41\"}",
                                        MediaType.JSON,
                                        null,
                                        Set.of())
                                .records())
                .containsExactly(
                        new IngestRecord(
                                Topics.DEPLOYS,
                                "checkout",
                                "{\"v\":1,\"ts\":\"2026-03-01T11:59:20Z\",\"service\":\"checkout\","
                                        + "\"version\":\"v42\",\"previousVersion\":\"v41\"}"));
        FeedPayloads.Parsed gh =
                FeedPayloads.deploys(
                        GitHubDeploymentStatusTest.successPayload(),
                        MediaType.JSON,
                        null,
                        Set.of());
        assertThat(gh.records()).extracting(IngestRecord::key).containsExactly("checkout");
        assertThat(FeedPayloads.deploys("{}", MediaType.JSON, "ping", Set.of()).ignored())
                .contains("ping");
        assertThatThrownBy(() -> FeedPayloads.deploys("{}", MediaType.JSON, "push", Set.of()))
                .hasMessageContaining("GitHub event 'push' is not handled");
    }
}
