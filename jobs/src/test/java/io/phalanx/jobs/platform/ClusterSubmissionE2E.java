package io.phalanx.jobs.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.flink.cluster.LocalFlinkCluster;
import io.phalanx.jobs.replay.CaptureSetTestBase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The shaded cluster jar on a real Flink 2.2 session cluster: a JobManager and a TaskManager
 * started as processes from the Maven artifacts with flink-conf/config.yaml, the platform job
 * submitted through the REST API (the path {@code flink run} takes), packets from a real Kafka
 * broker, and the output topics checked: the network view shows the sample set's 40 ms delay on
 * hop2 -> hop3. The TaskManager's Prometheus reporter serves the domain metrics.
 */
class ClusterSubmissionE2E extends CaptureSetTestBase {

    @Test
    void thePlatformJobRunsOnASessionClusterSubmittedOverRest() throws Exception {
        // Kept after the run: the JobManager's and TaskManager's logs are the first thing to read.
        Path tmp =
                Files.createDirectories(
                        repoRoot()
                                .resolve("jobs/target/e2e-cluster-" + System.currentTimeMillis()));
        Path jar = repoRoot().resolve("jobs/target/phalanx-cluster.jar");
        assertThat(jar).exists();
        // Three copies of the set one after another: a streaming job's event time only moves
        // while traffic flows, so the later copies carry the watermark past the first one's views.
        String prefix = "e2e" + System.nanoTime() + ".";
        KafkaTestSupport.createTopics(prefix);
        try (io.phalanx.connectors.kafka.PacketPublisher p =
                new io.phalanx.connectors.kafka.PacketPublisher(
                        KafkaTestSupport.bootstrap(),
                        prefix + Topics.PACKETS,
                        512,
                        1 << 20,
                        Duration.ofMillis(5))) {
            io.phalanx.jobs.bench.KafkaPipelineBenchmark.publishRounds(
                    p, set("delay-40ms-fwd-r2-server"), 3, 0, null);
        }
        int promPort = freePort();
        Map<String, String> overrides =
                Map.of(
                        "execution.checkpointing.interval", "2s",
                        "execution.checkpointing.dir",
                                tmp.resolve("checkpoints").toUri().toString(),
                        "execution.checkpointing.savepoint-dir",
                                tmp.resolve("savepoints").toUri().toString(),
                        "restart-strategy.type", "none",
                        "taskmanager.memory.process.size", "1400m",
                        "jobmanager.memory.process.size", "1200m",
                        "metrics.reporter.prom.port",
                                Integer.toString(promPort) + "-" + (promPort + 1));
        try (LocalFlinkCluster cluster =
                LocalFlinkCluster.start(
                        repoRoot().resolve("flink-conf/config.yaml"), overrides, tmp)) {
            String jarId = cluster.uploadJar(jar);
            String job =
                    cluster.run(
                            jarId,
                            "io.phalanx.jobs.platform.PlatformJob",
                            List.of(
                                    "--platform.bootstrap",
                                    KafkaTestSupport.bootstrap(),
                                    "--platform.capture-points",
                                    "hop1;hop2;hop3;hop4",
                                    "--platform.topic-prefix",
                                    prefix,
                                    "--platform.group-id",
                                    prefix + "cluster",
                                    "--platform.transactional-id-prefix",
                                    prefix + "cluster"));

            ReplayReport view = null;
            String metrics = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(cluster.jobState(job))
                        .as("job state; logs in " + tmp)
                        .isIn("CREATED", "INITIALIZING", "RUNNING");
                List<ConsumerRecord<String, String>> views =
                        KafkaTestSupport.readAll(prefix + Topics.NETWORK);
                if (!allCapturePoints(metrics)) {
                    metrics = scrape(promPort);
                }
                if (!views.isEmpty()) {
                    ReplayReport last = ReportJson.fromJson(views.get(views.size() - 1).value());
                    if (last.segments.stream()
                            .anyMatch(
                                    s ->
                                            s.from.equals("hop2")
                                                    && s.to.equals("hop3")
                                                    && s.packets > 1000)) {
                        view = last;
                        if (allCapturePoints(metrics)) {
                            break;
                        }
                    }
                }
                Thread.sleep(1000);
            }
            assertThat(view)
                    .as("a committed network view with hop2 -> hop3; logs in " + tmp)
                    .isNotNull();
            ReplayReport.Segment delayed =
                    view.segments.stream()
                            .filter(s -> s.from.equals("hop2") && s.to.equals("hop3"))
                            .findFirst()
                            .orElseThrow();
            assertThat(delayed.latencyMs.p50).isCloseTo(40.4, within(1.0));
            for (String hop : HOPS) {
                assertThat(metrics)
                        .as("the TaskManager's Prometheus reporter serves the packets of %s", hop)
                        .containsPattern(
                                "flink_taskmanager_job_task_operator_capture_point_packets\\{[^}]*capture_point=\""
                                        + hop
                                        + "\"");
            }
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    cluster.restUrl()
                                                            + "/jobs/"
                                                            + job
                                                            + "?mode=cancel"))
                                    .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Counters are registered with a capture point's first packet: wait for all four. */
    private static boolean allCapturePoints(String metrics) {
        for (String hop : HOPS) {
            if (!metrics.contains("capture_point=\"" + hop + "\"")) {
                return false;
            }
        }
        return true;
    }

    private static String scrape(int port) {
        StringBuilder all = new StringBuilder();
        for (int p = port; p <= port + 1; p++) {
            try {
                all.append(
                        HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + p
                                                                        + "/metrics"))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (Exception notThere) {
                // the JobManager or TaskManager reporter is not up on this port
            }
        }
        return all.toString();
    }

    private static int freePort() throws Exception {
        // two consecutive free ports: one reporter per process
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = a.getLocalPort();
                try (ServerSocket b =
                        new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (Exception taken) {
                    // try another pair
                }
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
    }
}
