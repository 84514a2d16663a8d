package io.phalanx.jobs.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.connectors.kafka.CaptureFilePublisher;
import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.platform.query.OntologyQueryServer;
import io.phalanx.jobs.replay.CaptureSetTestBase;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.jobs.replay.ReplayOptions;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import io.phalanx.jobs.replay.functions.NetworkAnalyzer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same captures, published to a real Kafka broker and stitched by the streaming job, give the
 * same figures as the file replay; and the exactly-once results survive a failure.
 */
class PlatformJobITCase extends CaptureSetTestBase {
    private static final AtomicInteger RUN = new AtomicInteger();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(ReplayJob.embeddedConfiguration("rocksdb", null))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** Publishes the four hops of a sample set under a fresh topic prefix; returns the prefix. */
    static String publish(String set) throws Exception {
        String prefix = "it" + RUN.incrementAndGet() + "-" + System.nanoTime() + ".";
        KafkaTestSupport.createTopics(prefix);
        List<CaptureFilePublisher.Input> inputs = new ArrayList<>();
        for (String hop : HOPS) {
            inputs.add(new CaptureFilePublisher.Input(hop, set(set).resolve(hop + ".pcap")));
        }
        List<DeadLetter> dead = new ArrayList<>();
        try (PacketPublisher p =
                new PacketPublisher(
                        KafkaTestSupport.bootstrap(),
                        prefix + Topics.PACKETS,
                        512,
                        1 << 20,
                        Duration.ofMillis(5))) {
            CaptureFilePublisher.Result r =
                    new CaptureFilePublisher(p).publish(inputs, 0, dead::add, null);
            long expected = 0;
            for (String hop : HOPS) {
                expected += analysis(set).get("hops").get(hop).get("packets").asLong();
            }
            assertThat(r.frames()).as("every frame of the set published").isEqualTo(expected);
        }
        assertThat(dead).isEmpty();
        return prefix;
    }

    static PlatformOptions options(String prefix) {
        return PlatformOptions.defaults(KafkaTestSupport.bootstrap(), List.of(HOPS))
                .withKafka(true, prefix, prefix + "group", prefix + "tx");
    }

    static StreamExecutionEnvironment checkpointedEnv(Path checkpoints) {
        Configuration conf = ReplayJob.embeddedConfiguration("rocksdb", checkpoints);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        return env;
    }

    static ReplayReport fileReplay(String set) throws Exception {
        List<CaptureInput> inputs = new ArrayList<>();
        for (String hop : HOPS) {
            inputs.add(CaptureInput.at(hop, set(set).resolve(hop + ".pcap")));
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        ReplayJob.embeddedConfiguration("rocksdb", null));
        env.setParallelism(2);
        try (CloseableIterator<String> it =
                ReplayJob.build(env, ReplayOptions.defaults(inputs)).executeAndCollect("replay")) {
            return ReportJson.fromJson(it.next());
        }
    }

    @Test
    void kafkaAndFileReplaysGiveTheSameSegmentFigures(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        String prefix = publish("delay-40ms-fwd-r2-server");
        StreamExecutionEnvironment env = checkpointedEnv(tmp.resolve("ckpt"));
        PlatformJob.build(env, options(prefix));
        env.execute("platform over kafka");

        List<ConsumerRecord<String, String>> network =
                KafkaTestSupport.readAll(prefix + Topics.NETWORK);
        assertThat(network).as("network views").isNotEmpty();
        ReplayReport viaKafka = ReportJson.fromJson(network.get(network.size() - 1).value());
        assertThat(viaKafka.generatedBy)
                .as("the last view is the final one")
                .isEqualTo(NetworkAnalyzer.FINAL_VIEW);
        for (ConsumerRecord<String, String> view : network.subList(0, network.size() - 1)) {
            assertThat(ReportJson.fromJson(view.value()).generatedBy)
                    .startsWith("phalanx: network view at ");
        }
        ReplayReport viaFiles = fileReplay("delay-40ms-fwd-r2-server");

        assertThat(viaKafka.totals.packets)
                .isEqualTo(viaFiles.totals.packets)
                .isEqualTo(4 * 20935L);
        assertThat(viaKafka.totals.conversations).isEqualTo(viaFiles.totals.conversations);
        assertThat(viaKafka.totals.distinctPackets).isEqualTo(viaFiles.totals.distinctPackets);
        Map<String, ReplayReport.Segment> files = bySegment(viaFiles);
        Map<String, ReplayReport.Segment> kafka = bySegment(viaKafka);
        assertThat(kafka.keySet()).isEqualTo(files.keySet()).hasSize(6);
        for (String k : files.keySet()) {
            ReplayReport.Segment f = files.get(k);
            ReplayReport.Segment q = kafka.get(k);
            assertThat(q.packets).as("packets on %s", k).isEqualTo(f.packets);
            assertThat(q.lossRatio).as("loss on %s", k).isEqualTo(f.lossRatio);
            assertThat(q.reorderRatio).as("reordering on %s", k).isEqualTo(f.reorderRatio);
            // t-digest merges in arrival order, which differs between the two sources.
            assertThat(q.latencyMs.p50)
                    .as("median latency on %s", k)
                    .isCloseTo(f.latencyMs.p50, within(0.05));
            assertThat(q.latencyMs.p99)
                    .as("p99 latency on %s", k)
                    .isCloseTo(f.latencyMs.p99, within(0.2));
        }
        assertThat(kafka.get("hop2->hop3").latencyMs.p50).isCloseTo(40.425, within(1.0));

        List<ConsumerRecord<String, String>> conversations =
                KafkaTestSupport.readAll(prefix + Topics.CONVERSATIONS);
        assertThat(conversations).hasSize((int) viaFiles.totals.conversations);
        assertThat(conversations.stream().map(ConsumerRecord::key).distinct().count())
                .as("one record per conversation, keyed by Community ID")
                .isEqualTo(viaFiles.totals.conversations);
        assertThat(KafkaTestSupport.readAll(prefix + Topics.DEAD_LETTERS)).isEmpty();

        // Segment KPIs: summed over the intervals, each segment's packets equal the replay's.
        Map<String, Long> kpiPackets = new TreeMap<>();
        for (ConsumerRecord<String, String> r :
                KafkaTestSupport.readAll(prefix + Topics.SEGMENT_KPIS)) {
            JsonNode k = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.value());
            assertThat(r.key()).isEqualTo(k.get("from").asText() + "->" + k.get("to").asText());
            kpiPackets.merge(r.key(), k.get("packets").asLong(), Long::sum);
        }
        for (String seg : files.keySet()) {
            assertThat(kpiPackets.get(seg))
                    .as("KPI packets of %s", seg)
                    .isEqualTo(files.get(seg).packets);
        }
        // Incident updates: versions of one incident whose top hypothesis is the added latency.
        List<ConsumerRecord<String, String>> updates =
                KafkaTestSupport.readAll(prefix + Topics.INCIDENTS);
        assertThat(updates).isNotEmpty();
        JsonNode last =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(updates.get(updates.size() - 1).value());
        assertThat(updates.get(updates.size() - 1).key()).isEqualTo(last.get("id").asText());
        JsonNode top = last.get("incident").get("diagnosis").get("hypotheses").get(0);
        assertThat(top.get("cause").asText()).isEqualTo("LATENCY");
        assertThat(
                        top.get("segment").get("from").asText()
                                + "->"
                                + top.get("segment").get("to").asText())
                .isEqualTo("hop2->hop3");
    }

    /**
     * Feeds next to the packets: a topology declaration, a deploy, a metric sample and a record
     * that is not JSON. The ontology links the declared service to its host and endpoint, the
     * deploy and the metric series; the incident of the delay set concerns segment hop2->hop3; the
     * broken record is a dead letter with its topic position; everything is queryable over REST.
     */
    @Test
    void feedsAndTrafficBuildAQueryableOntologyAndBadRecordsAreDeadLettered(
            @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String prefix = publish("delay-40ms-fwd-r2-server");
        KafkaTestSupport.send(
                prefix + Topics.TOPOLOGY,
                "env",
                "{\"services\":[{\"name\":\"checkout\",\"tier\":\"revenue\",\"endpoints\":[\"10.77.3.2:8080\"],\"hosts\":[\"checkout-1\"]}],"
                        + "\"hosts\":[{\"name\":\"checkout-1\",\"addresses\":[\"10.77.3.2\"]}]}");
        KafkaTestSupport.send(
                prefix + Topics.DEPLOYS,
                "checkout",
                "{\"ts\":\"2026-03-01T11:59:20Z\",\"service\":\"checkout\",\"version\":\"v42\",\"previousVersion\":\"v41\"}",
                "checkout",
                "{\"ts\":\"2026-03-01T11:59:21Z\",\"service\":\"checkout\"");
        KafkaTestSupport.send(
                prefix + Topics.METRICS,
                "cpu",
                "{\"ts\":1772366400000,\"name\":\"cpu_utilization\",\"value\":0.95,\"labels\":{\"service\":\"checkout\",\"host\":\"checkout-1\"}}");
        StreamExecutionEnvironment env = checkpointedEnv(tmp.resolve("ckpt"));
        PlatformJob.build(env, options(prefix));
        env.execute("platform with feeds");

        List<ConsumerRecord<String, String>> dead =
                KafkaTestSupport.readAll(prefix + Topics.DEAD_LETTERS);
        assertThat(dead).hasSize(1);
        JsonNode d =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(dead.get(0).value());
        // both deploys share a key, so a partition: the broken one is its second record
        assertThat(d.get("file").asText())
                .matches(
                        java.util.regex.Pattern.quote("kafka:" + prefix + Topics.DEPLOYS + "/")
                                + "\\d+@1");
        assertThat(d.get("offset").asLong()).isEqualTo(1);
        assertThat(d.get("capturePoint").asText()).isEqualTo("deploys");
        assertThat(d.get("reason").asText()).startsWith("deploys: not JSON");

        try (OntologyQueryServer q =
                new OntologyQueryServer(
                        KafkaTestSupport.bootstrap(),
                        prefix + Topics.ONTOLOGY,
                        new java.net.InetSocketAddress("127.0.0.1", 0))) {
            long expected = KafkaTestSupport.readAll(prefix + Topics.ONTOLOGY).size();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (q.applied() < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(q.applied()).isEqualTo(expected);
            JsonNode checkout = get(q, "service:checkout");
            assertThat(checkout.get("entity").get("attributes").get("tier").asText())
                    .isEqualTo("revenue");
            assertThat(ids(checkout.get("neighbours")))
                    .contains(
                            "host:checkout-1",
                            "endpoint:10.77.3.2:8080",
                            "deploy:checkout@v42",
                            "metric-series:cpu_utilization{host=\"checkout-1\",service=\"checkout\"}");
            JsonNode segment = get(q, "segment:hop2->hop3");
            assertThat(ids(segment.get("neighbours")))
                    .contains("capture-point:hop2", "capture-point:hop3")
                    .anyMatch(id -> id.startsWith("incident:"));
            JsonNode cps = getPath(q, "/v1/entities?type=capture-point");
            assertThat(ids(cps))
                    .containsExactlyInAnyOrder(
                            "capture-point:hop1",
                            "capture-point:hop2",
                            "capture-point:hop3",
                            "capture-point:hop4");
            assertThat(q.graph().entitiesOfType(io.phalanx.core.ontology.EntityType.CONVERSATION))
                    .hasSize((int) fileReplay("delay-40ms-fwd-r2-server").totals.conversations);
            java.net.http.HttpResponse<String> missing = request(q, "/v1/entities/service:nope");
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    private static JsonNode get(OntologyQueryServer q, String id) throws Exception {
        return getPath(
                q,
                "/v1/entities/"
                        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode getPath(OntologyQueryServer q, String path) throws Exception {
        java.net.http.HttpResponse<String> r = request(q, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    private static java.net.http.HttpResponse<String> request(OntologyQueryServer q, String path)
            throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + q.port() + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    static Map<String, ReplayReport.Segment> bySegment(ReplayReport r) {
        return r.segments.stream()
                .collect(
                        Collectors.toMap(
                                s -> s.from + "->" + s.to, s -> s, (a, b) -> a, TreeMap::new));
    }
}
