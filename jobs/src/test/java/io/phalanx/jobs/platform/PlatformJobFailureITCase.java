package io.phalanx.jobs.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.replay.CaptureSetTestBase;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.jobs.replay.functions.NetworkAnalyzer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once end to end: the TaskManager running the job is killed mid-stream, after some
 * checkpoints; the job restores from the last one on a fresh TaskManager, and what read_committed
 * consumers see equals a failure-free run — every conversation once, none lost, the same network
 * figures.
 */
class PlatformJobFailureITCase extends CaptureSetTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(ReplayJob.embeddedConfiguration("rocksdb", null))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void aTaskManagerFailureMidStreamLosesAndDuplicatesNothing(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path tmp) throws Exception {
        String set = "loss-3pct-fwd-r1-r2";

        String clean = PlatformJobITCase.publish(set);
        StreamExecutionEnvironment env = PlatformJobITCase.checkpointedEnv(tmp.resolve("clean"));
        PlatformJob.build(env, PlatformJobITCase.options(clean));
        env.execute("failure-free");

        String failed = PlatformJobITCase.publish(set);
        Configuration conf = ReplayJob.embeddedConfiguration("rocksdb", tmp.resolve("failed"));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env2.setParallelism(2);
        env2.enableCheckpointing(100);
        PlatformJob.build(env2, PlatformJobITCase.options(failed));
        JobClient job = env2.executeAsync("killed mid-stream");
        JobID id = job.getJobID();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (completedCheckpoints(cluster, id) < 2) {
            assertThat(job.getJobStatus().get())
                    .as("the job must still run when the TaskManager is killed")
                    .isNotIn(JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELED);
            assertThat(System.nanoTime()).as("two checkpoints within 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        cluster.terminateTaskManager(0).get();
        cluster.startTaskManager();
        job.getJobExecutionResult().get();
        AccessExecutionGraph graph = cluster.getExecutionGraph(id).get();
        assertThat(graph.getState()).isEqualTo(JobStatus.FINISHED);
        assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING))
                .as("the job failed over and restarted from a checkpoint")
                .isPositive();

        Map<String, String> expected = conversations(clean);
        Map<String, String> actual = conversations(failed);
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(KafkaTestSupport.readAll(failed + Topics.CONVERSATIONS))
                .as("no conversation written twice")
                .hasSize(expected.size());

        ReplayReport before = network(clean);
        ReplayReport after = network(failed);
        assertThat(after.totals.packets).isEqualTo(before.totals.packets);
        assertThat(after.totals.distinctPackets).isEqualTo(before.totals.distinctPackets);
        assertThat(after.totals.conversations).isEqualTo(before.totals.conversations);
        Map<String, ReplayReport.Segment> b = PlatformJobITCase.bySegment(before);
        Map<String, ReplayReport.Segment> a = PlatformJobITCase.bySegment(after);
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String k : b.keySet()) {
            assertThat(a.get(k).packets).as(k).isEqualTo(b.get(k).packets);
            assertThat(a.get(k).lossRatio).as(k).isEqualTo(b.get(k).lossRatio);
        }
    }

    private static long completedCheckpoints(MiniCluster cluster, JobID id) throws Exception {
        var stats = cluster.getExecutionGraph(id).get().getCheckpointStatsSnapshot();
        return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    }

    /** Committed conversations by uid; the JSON compared without key order. */
    private static Map<String, String> conversations(String prefix) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (ConsumerRecord<String, String> r :
                KafkaTestSupport.readAll(prefix + Topics.CONVERSATIONS)) {
            JsonNode n = JSON.readTree(r.value());
            out.put(n.get("uid").asText(), n.toString());
        }
        return out;
    }

    private static ReplayReport network(String prefix) throws Exception {
        List<ConsumerRecord<String, String>> records =
                KafkaTestSupport.readAll(prefix + Topics.NETWORK);
        assertThat(records).as("network views").isNotEmpty();
        ReplayReport last = ReportJson.fromJson(records.get(records.size() - 1).value());
        assertThat(last.generatedBy)
                .as("the final view comes last")
                .isEqualTo(NetworkAnalyzer.FINAL_VIEW);
        return last;
    }
}
