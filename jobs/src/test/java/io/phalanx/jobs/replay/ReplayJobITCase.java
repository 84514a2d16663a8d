package io.phalanx.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The replay job on every bundled capture set, against the ground truth measured with the set
 * (analysis.json): median one-way latency within 1 ms, loss within 0.3 percentage points, every
 * conversation seen at every capture point it crossed, no negative latency — also with one capture
 * file's clock shifted by several ms.
 */
class ReplayJobITCase extends CaptureSetTestBase {
    private static Configuration config() {
        Configuration c = ReplayJob.embeddedConfiguration("rocksdb", null);
        return c;
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(config())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path tmp;

    static JsonNode groundTruth(String name) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(set(name).resolve("ground-truth.json").toFile());
    }

    static ReplayReport replay(List<CaptureInput> inputs) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config());
        env.setParallelism(2);
        try (CloseableIterator<String> it =
                ReplayJob.build(env, ReplayOptions.defaults(inputs))
                        .executeAndCollect("replay test")) {
            ReplayReport r = ReportJson.fromJson(it.next());
            assertThat(it.hasNext()).as("one report").isFalse();
            return r;
        }
    }

    @ParameterizedTest(name = "{0}, {1} shifted by {2} ms")
    @CsvSource({
        "baseline, -, 0",
        "delay-40ms-fwd-r2-server, -, 0",
        "loss-3pct-fwd-r1-r2, -, 0",
        "delay-40ms-fwd-r2-server, hop3, 7",
        "delay-40ms-fwd-r2-server, hop2, -5",
        "loss-3pct-fwd-r1-r2, hop1, 4",
        "baseline, hop4, -9",
    })
    void segmentsMatchTheGroundTruth(String name, String shiftedHop, double shiftMs)
            throws Exception {
        List<CaptureInput> inputs = new ArrayList<>();
        for (String hop : HOPS) {
            Path file = set(name).resolve(hop + ".pcap");
            if (hop.equals(shiftedHop)) {
                file = shifted(file, shiftMs, tmp);
            }
            inputs.add(CaptureInput.at(hop, file));
        }
        ReplayReport report = replay(inputs);
        JsonNode truth = analysis(name);

        Map<String, ReplayReport.Segment> segments = new TreeMap<>();
        for (ReplayReport.Segment s : report.segments) {
            segments.put(s.from + "->" + s.to, s);
            assertThat(s.latencyMs.min)
                    .as("no negative latency on %s->%s", s.from, s.to)
                    .isGreaterThan(-0.05);
            assertThat(s.latencyMs.p50)
                    .as("no negative median on %s->%s", s.from, s.to)
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(segments).as("exactly the six directed segments of the chain").hasSize(6);
        for (JsonNode pair : truth.get("pairs")) {
            String key = pair.get("from").asText() + "->" + pair.get("to").asText();
            ReplayReport.Segment s = segments.get(key);
            assertThat(s).as(key).isNotNull();
            assertThat(s.latencyMs.p50)
                    .as("median latency of %s", key)
                    .isCloseTo(pair.get("delay").get("median_ms").asDouble(), within(1.0));
            assertThat(s.lossRatio * 100)
                    .as("loss %% of %s", key)
                    .isCloseTo(pair.get("missing_pct").asDouble(), within(0.3));
            assertThat(s.reorderRatio * 100)
                    .as("reordering %% of %s", key)
                    .isCloseTo(pair.get("reordered_pct").asDouble(), within(0.3));
        }
        for (ReplayReport.CapturePoint cp : report.capturePoints) {
            double expected = cp.id.equals(shiftedHop) ? shiftMs : 0;
            assertThat(cp.clockOffsetMs)
                    .as("clock offset of %s", cp.id)
                    .isCloseTo(expected, within(0.5));
            assertThat(cp.packets).isEqualTo(truth.get("hops").get(cp.id).get("packets").asLong());
        }
        assertThat(report.paths)
                .extracting(p -> String.join(",", p.capturePoints))
                .containsExactlyInAnyOrder("hop1,hop2,hop3,hop4", "hop4,hop3,hop2,hop1");
        assertThat(report.paths).noneMatch(p -> p.asymmetric);
        long tcp = report.conversations.stream().filter(c -> c.proto.equals("tcp")).count();
        assertThat(tcp).isEqualTo(truth.get("hops").get("hop1").get("tcp_conversations").asLong());
        for (ReplayReport.Conversation c : report.conversations) {
            assertThat(c.hops)
                    .as("conversation %s seen at every capture point", c.uid)
                    .extracting(h -> h.capturePoint)
                    .containsExactly(HOPS);
        }
        assertThat(report.deadLetters.count).isZero();

        // The diagnosis names the injected fault on the segment the ground truth blames.
        JsonNode fault = groundTruth(name).get("fault");
        if (fault.get("type").asText().equals("none")) {
            assertThat(report.incidents).isEmpty();
        } else {
            ReplayReport.Hypothesis top = report.incidents.get(0).diagnosis.hypotheses.get(0);
            assertThat(top.cause)
                    .isEqualTo(fault.get("type").asText().equals("delay") ? "LATENCY" : "LOSS");
            assertThat(top.segment.from + "->" + top.segment.to)
                    .as("the segment to blame, in the direction of travel")
                    .isEqualTo(fault.get("segment").get("label").asText());
        }

        // The bulk upload's sender counted its own retransmissions (iperf3): so must we.
        JsonNode iperf = null;
        for (JsonNode w : groundTruth(name).get("workloads")) {
            if (w.get("name").asText().equals("iperf-tcp")) {
                iperf = w.get("iperf3");
            }
        }
        int port = iperf.get("streams").get(0).get("local_port").asInt();
        ReplayReport.Conversation bulk =
                report.conversations.stream()
                        .filter(c -> c.orig.port == port && c.proto.equals("tcp"))
                        .findFirst()
                        .orElseThrow();
        assertThat(bulk.retransmissions).isEqualTo(iperf.get("retransmits").asLong());
    }

    /**
     * With checkpoints every 20 ms (RocksDB, incremental; any failed checkpoint before the sources
     * finish fails the job) the replay gives the same figures: every operator's state snapshots
     * with its serializers, and some checkpoints complete.
     */
    @org.junit.jupiter.api.Test
    void checkpointingDoesNotChangeTheReport(
            @org.apache.flink.test.junit5.InjectMiniCluster
                    org.apache.flink.runtime.minicluster.MiniCluster cluster)
            throws Exception {
        Configuration conf = ReplayJob.embeddedConfiguration("rocksdb", tmp.resolve("checkpoints"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(20);
        List<CaptureInput> inputs = new ArrayList<>();
        for (String hop : HOPS) {
            inputs.add(
                    CaptureInput.at(hop, set("delay-40ms-fwd-r2-server").resolve(hop + ".pcap")));
        }
        ReplayReport report;
        org.apache.flink.core.execution.JobClient job;
        try (CloseableIterator<String> it =
                ReplayJob.build(env, ReplayOptions.defaults(inputs)).collectAsync()) {
            job = env.executeAsync("checkpointed");
            report = ReportJson.fromJson(it.next());
            // Read to the end before closing: closing the iterator of a running job cancels it.
            assertThat(it.hasNext()).as("one report").isFalse();
        }
        job.getJobExecutionResult().get();
        long completed =
                cluster.getExecutionGraph(job.getJobID())
                        .get()
                        .getCheckpointStatsSnapshot()
                        .getCounts()
                        .getNumberOfCompletedCheckpoints();
        assertThat(completed).as("completed checkpoints").isPositive();
        ReplayReport.Segment delayed =
                report.segments.stream()
                        .filter(s -> s.from.equals("hop2") && s.to.equals("hop3"))
                        .findFirst()
                        .orElseThrow();
        assertThat(delayed.latencyMs.p50).isCloseTo(40.425, within(1.0));
        assertThat(report.totals.packets).isEqualTo(4 * 20935);
        assertThat(report.totals.lateObservations).isZero();
    }

    /**
     * Removes the server's packets from hop3's capture: server-to-client traffic now appears to
     * bypass hop3 (as if routed around r2's server-side tap), so the discovered return path is hop4
     * -> hop2 -> hop1 and both directions are reported asymmetric.
     */
    @org.junit.jupiter.api.Test
    void anAsymmetricReturnPathIsDiscovered() throws Exception {
        Path set = set("delay-40ms-fwd-r2-server");
        Path hop3 = withoutSource(set.resolve("hop3.pcap"), new byte[] {10, 77, 3, 2}, tmp);
        List<CaptureInput> inputs = new ArrayList<>();
        for (String hop : HOPS) {
            inputs.add(
                    CaptureInput.at(hop, hop.equals("hop3") ? hop3 : set.resolve(hop + ".pcap")));
        }
        ReplayReport report = replay(inputs);
        assertThat(report.paths)
                .extracting(p -> p.direction + " " + String.join(",", p.capturePoints))
                .containsExactlyInAnyOrder(
                        "10.77.1.2 -> 10.77.3.2 hop1,hop2,hop3,hop4",
                        "10.77.3.2 -> 10.77.1.2 hop4,hop2,hop1");
        assertThat(report.paths).allMatch(p -> p.asymmetric);
        Map<String, ReplayReport.Segment> segments = new TreeMap<>();
        report.segments.forEach(s -> segments.put(s.from + "->" + s.to, s));
        assertThat(segments)
                .containsOnlyKeys(
                        "hop1->hop2", "hop2->hop3", "hop3->hop4", "hop4->hop2", "hop2->hop1");
        assertThat(segments.get("hop2->hop3").latencyMs.p50).isCloseTo(40.425, within(1.0));
        assertThat(segments.get("hop4->hop2").latencyMs.p50).isCloseTo(0.0, within(0.5));
        assertThat(segments.get("hop4->hop2").lossRatio).isZero();
    }
}
