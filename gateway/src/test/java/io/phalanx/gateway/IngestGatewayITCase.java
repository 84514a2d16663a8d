package io.phalanx.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway over real HTTP against a real broker. Each test owns one topic, and reads it back in
 * full with a {@code read_committed} consumer up to the last stable offset, so "nothing written" is
 * checked as exactly as "these records written".
 */
class IngestGatewayITCase {
    private static final String TOKEN = "it-token-0123456789abcdef";
    private static final long LIMIT = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir static Path dir;
    static LocalKafkaBroker broker;
    static IngestGateway gateway;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        broker = LocalKafkaBroker.start(dir.resolve("kafka"));
        gateway =
                IngestGateway.start(
                        GatewayConfig.defaults(broker.bootstrapServers())
                                .withListen("127.0.0.1", 0)
                                .withMaxBodyBytes(LIMIT)
                                .withTransactionalIdPrefix("ingest-it")
                                .withDeployEnvironments(Set.of("production")),
                        TOKEN);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void metricsAsJsonLinesAndPrometheusTextArriveExactlyAndBadOrOversizedBatchesNot()
            throws Exception {
        HttpResponse<String> jsonl =
                post(
                        "/v1/metrics",
                        "application/x-ndjson",
                        "{\"ts\":\"2026-03-01T12:00:00Z\",\"name\":\"cpu_utilization\",\"value\":0.95,"
                                + "\"labels\":{\"service\":\"checkout\",\"host\":\"checkout-1\"}}\n"
                                + "{\"ts\":1772366401000,\"name\":\"cpu_utilization\",\"value\":0.5,"
                                + "\"labels\":{\"service\":\"cart\"}}\n");
        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(json(jsonl).get("accepted").asInt()).isEqualTo(2);

        HttpResponse<String> text =
                post(
                        "/v1/metrics?ts=2026-03-01T12:01:00Z",
                        "text/plain; version=0.0.4; charset=utf-8",
                        "# TYPE http_requests_total counter\n"
                                + "http_requests_total{service=\"checkout\",code=\"500\"} 7\n"
                                + "# TYPE rpc_seconds summary\n"
                                + "rpc_seconds{quantile=\"0.99\"} NaN\n"
                                + "rpc_seconds_count 0 1772366470000\n");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(json(text).get("accepted").asInt()).isEqualTo(2);
        assertThat(json(text).get("skipped").asInt()).isEqualTo(1);

        HttpResponse<String> bad =
                post(
                        "/v1/metrics",
                        "text/plain; version=0.0.4",
                        "good_one 1\ngood_two{a=\"b\"} 2\nbroken{a=\"b} 3\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("line").asInt()).isEqualTo(3);
        assertThat(json(bad).get("reason").asText()).contains("unterminated value of label a");

        StringBuilder big = new StringBuilder();
        while (big.length() <= LIMIT) {
            big.append("oversized_sample{service=\"checkout\"} 1\n");
        }
        HttpResponse<String> tooLarge = post("/v1/metrics", "text/plain", big.toString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        assertThat(readAll(Topics.METRICS))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "cpu_utilization{host=\"checkout-1\",service=\"checkout\"}",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:00:00Z\",\"name\":\"cpu_utilization\","
                                        + "\"value\":0.95,\"labels\":{\"host\":\"checkout-1\","
                                        + "\"service\":\"checkout\"}}",
                                "cpu_utilization{service=\"cart\"}",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:00:01Z\",\"name\":\"cpu_utilization\","
                                        + "\"value\":0.5,\"labels\":{\"service\":\"cart\"}}",
                                "http_requests_total{code=\"500\",service=\"checkout\"}",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:01:00Z\",\"name\":\"http_requests_total\","
                                        + "\"value\":7.0,\"labels\":{\"code\":\"500\","
                                        + "\"service\":\"checkout\"}}",
                                "rpc_seconds_count",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:01:10Z\",\"name\":\"rpc_seconds_count\","
                                        + "\"value\":0.0,\"labels\":{}}"));
        assertThat(
                        gateway.metrics()
                                .value("phalanx_ingest_records_accepted_total{feed=\"metrics\"}"))
                .isEqualTo(4);
        assertThat(
                        gateway.metrics()
                                .value(
                                        "phalanx_ingest_requests_rejected_total{feed=\"metrics\","
                                                + "reason=\"too_large\"}"))
                .isEqualTo(1);
    }

    @Test
    void aLogBatchWithOneBadRecordIsRefusedWhole() throws Exception {
        String a = log("checkout", "ERROR", "upstream timeout after 2000 ms");
        String b = log("cart", "WARN", "slow query");
        String bad =
                "{\"ts\":\"2026-03-01T12:00:03Z\",\"service\":\"cart\",\"message\":\"no level\"}";

        HttpResponse<String> refused =
                post("/v1/logs", "application/json", "[" + a + "," + bad + "," + b + "]");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode err = json(refused);
        assertThat(err.get("index").asInt()).isEqualTo(1);
        assertThat(err.get("reason").asText()).isEqualTo("'level' is required");
        assertThat(err.get("written").asInt()).isZero();

        HttpResponse<String> noToken =
                http.send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/v1/logs"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(a))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"phalanx-ingest\"");
        HttpResponse<String> wrongToken =
                send("/v1/logs", "application/json", a, "Bearer " + TOKEN.replace('0', '1'));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(post("/v1/logs", "application/xml", a).statusCode()).isEqualTo(415);
        HttpResponse<String> get =
                http.send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/v1/logs"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> ok = post("/v1/logs", "application/x-ndjson", a + "\n" + b + "\n");
        assertThat(ok.statusCode()).isEqualTo(200);

        assertThat(readAll(Topics.LOGS))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "checkout",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:00:03Z\",\"service\":\"checkout\","
                                        + "\"host\":\"checkout-1\",\"level\":\"ERROR\","
                                        + "\"message\":\"upstream timeout after 2000 ms\"}",
                                "cart",
                                "{\"v\":1,\"ts\":\"2026-03-01T12:00:03Z\",\"service\":\"cart\","
                                        + "\"host\":\"checkout-1\",\"level\":\"WARN\","
                                        + "\"message\":\"slow query\"}"));
    }

    @Test
    void deploysFromTheGenericShapeAndASignedGitHubWebhook() throws Exception {
        HttpResponse<String> generic =
                post(
                        "/v1/deploys",
                        "application/json",
                        "{\"v\":1,\"ts\":\"2026-03-01T11:59:20Z\",\"service\":\"cart\",\"version\":\"v7\","
                                + "\"previousVersion\":\"v6\",\"actor\":\"argo\"}");
        assertThat(generic.statusCode()).isEqualTo(200);

        byte[] event = GitHubDeploymentStatusTest.successPayload().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unsigned =
                webhook(event, "deployment_status", "sha256=" + "00".repeat(32));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        HttpResponse<String> signed = webhook(event, "deployment_status", signature(event));
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(json(signed).get("accepted").asInt()).isEqualTo(1);
        byte[] pending =
                new String(event, StandardCharsets.UTF_8)
                        .replace("\"state\": \"success\"", "\"state\": \"pending\"")
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> ignored = webhook(pending, "deployment_status", signature(pending));
        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(json(ignored).get("accepted").asInt()).isZero();
        assertThat(json(ignored).get("ignored").asText()).contains("'pending'");

        assertThat(readAll(Topics.DEPLOYS))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "cart",
                                "{\"v\":1,\"ts\":\"2026-03-01T11:59:20Z\",\"service\":\"cart\","
                                        + "\"version\":\"v7\",\"previousVersion\":\"v6\",\"actor\":\"argo\"}",
                                "checkout",
                                "{\"v\":1,\"ts\":\"2026-03-01T11:59:21Z\",\"service\":\"checkout\","
                                        + "\"version\":\"v42@a84d88e7554f\",\"actor\":\"github-actions[bot]\"}"));
    }

    @Test
    void topologyAndImpactAreValidatedAndWritten() throws Exception {
        String topology =
                "{\"ts\":\"2026-03-01T00:00:00Z\",\"paths\": [\n"
                        + "  {\"from\": \"10.77.1.0/24\", \"to\": \"10.77.3.0/24\","
                        + " \"capturePoints\": [\"hop1\", \"hop2\"]}\n]}";
        assertThat(post("/v1/topology", "application/json", topology).statusCode()).isEqualTo(200);
        HttpResponse<String> badTopology =
                post(
                        "/v1/topology",
                        "application/json",
                        topology.replace("10.77.3.0/24", "10.77.3.0/33"));
        assertThat(badTopology.statusCode()).isEqualTo(400);
        assertThat(json(badTopology).get("reason").asText()).contains("paths[0]");
        assertThat(post("/v1/topology", "application/x-ndjson", topology).statusCode())
                .isEqualTo(415);

        String impact =
                "{\"ts\":\"2026-03-01T00:00:00Z\",\"service\":\"checkout\",\"revenuePerMinute\":1200.0,"
                        + "\"customerTier\":\"enterprise\",\"usersAffected\":50000}";
        HttpResponse<String> badImpact =
                post(
                        "/v1/impact",
                        "application/x-ndjson",
                        impact + "\n" + impact.replace("50000", "-1") + "\n");
        assertThat(badImpact.statusCode()).isEqualTo(400);
        assertThat(json(badImpact).get("line").asInt()).isEqualTo(2);
        assertThat(post("/v1/impact", "application/json", impact).statusCode()).isEqualTo(200);

        assertThat(readAll(Topics.TOPOLOGY))
                .containsExactlyEntriesOf(
                        Map.of(
                                "topology",
                                "{\"v\":1,\"ts\":\"2026-03-01T00:00:00Z\",\"paths\":[{\"from\":"
                                        + "\"10.77.1.0/24\",\"to\":\"10.77.3.0/24\","
                                        + "\"capturePoints\":[\"hop1\",\"hop2\"]}]}"));
        assertThat(readAll(Topics.IMPACT))
                .containsExactlyEntriesOf(
                        Map.of(
                                "checkout",
                                "{\"v\":1,\"ts\":\"2026-03-01T00:00:00Z\",\"service\":\"checkout\","
                                        + "\"revenuePerMinute\":1200.0,\"customerTier\":\"enterprise\","
                                        + "\"usersAffected\":50000}"));
    }

    @Test
    void healthAndCountersNeedNoToken() throws Exception {
        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/healthz")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics =
                http.send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/metrics")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        // the gateway's own page is valid exposition text
        assertThat(PrometheusTextParser.parse(metrics.body(), 0))
                .extracting(m -> m.name())
                .doesNotContainNull();
        HttpResponse<String> unknown = post("/v2/metrics", "application/json", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private static String log(String service, String level, String message) {
        return "{\"ts\":\"2026-03-01T12:00:03Z\",\"service\":\""
                + service
                + "\",\"host\":\"checkout-1\",\"level\":\""
                + level.toLowerCase()
                + "\",\"message\":\""
                + message
                + "\"}";
    }

    private static HttpResponse<String> post(String path, String type, String body)
            throws Exception {
        return send(path, type, body, "Bearer " + TOKEN);
    }

    private static HttpResponse<String> send(
            String path, String type, String body, String authorization) throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.uri().resolve(path))
                        .header("Content-Type", type)
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> webhook(byte[] body, String event, String signature)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.uri().resolve("/v1/deploys"))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", event)
                        .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                        .header("X-Hub-Signature-256", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String signature(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    /**
     * Every committed record of {@code topic} as key -> value (keys are unique in these tests),
     * read up to the last stable offset of each partition.
     */
    private static Map<String, String> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        assertThat(out.stream().map(ConsumerRecord::key).distinct().count())
                .as("keys of %s", topic)
                .isEqualTo(out.size());
        return out.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
    }
}
