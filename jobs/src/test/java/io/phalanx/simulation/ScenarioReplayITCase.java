package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.jobs.replay.ReplayOptions;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real replay job (RocksDB state, parallelism 2) on every scenario's generated capture set,
 * held to the scenario's {@link ExpectedOutcome}: segment medians and loss within the stated
 * tolerances, reordering only where injected, a queue's spread only where congested, the paths and
 * their asymmetry, the clock offsets within 0.5 ms, and the bulk transfer's retransmissions equal
 * to the count its simulated sender kept.
 */
class ScenarioReplayITCase extends SimulationTestBase {
    /**
     * A congested segment's latency spreads over the queue's fill levels: from the empty-queue
     * minimum to the 95th percentile it grows by several ms (here 6 to 16 ms). Segments without a
     * queue spread at most by their jitter (±0.5 ms) plus the baseline's 12 µs.
     */
    static final double CONGESTED_SPREAD_MS = 3.0;

    private static Configuration config() {
        return ReplayJob.embeddedConfiguration("rocksdb", null);
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(config())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static ReplayReport replay(Simulate.GeneratedSet set) throws Exception {
        List<CaptureInput> inputs = new ArrayList<>();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            inputs.add(CaptureInput.at(cp, set.pcaps().get(cp)));
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config());
        env.setParallelism(2);
        try (CloseableIterator<String> it =
                ReplayJob.build(env, ReplayOptions.defaults(inputs))
                        .executeAndCollect("replay " + set.scenario().id())) {
            ReplayReport report = ReportJson.fromJson(it.next());
            assertThat(it.hasNext()).as("one report").isFalse();
            return report;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.class)
    void theReplayReportMatchesTheScenariosExpectedOutcome(Scenario scenario) throws Exception {
        Simulate.GeneratedSet set = generated(scenario);
        ExpectedOutcome expected = scenario.expectedOutcome();
        ReplayReport report = replay(set);

        assertThat(report.deadLetters.count).isZero();
        for (ReplayReport.CapturePoint cp : report.capturePoints) {
            assertThat(cp.packets)
                    .as("packets at %s", cp.id)
                    .isEqualTo(set.captureSet().recordsAt(cp.id).size());
            assertThat(cp.clockOffsetMs)
                    .as("clock offset of %s", cp.id)
                    .isCloseTo(
                            expected.clockOffsetsMs().get(cp.id),
                            within(expected.clockOffsetToleranceMs()));
        }

        String client = ChainTopology.dotted(set.captureSet().topology().clientAddress());
        String server = ChainTopology.dotted(set.captureSet().topology().serverAddress());
        Map<String, ReplayReport.Path> paths = new TreeMap<>();
        report.paths.forEach(p -> paths.put(p.direction, p));
        assertThat(paths).containsOnlyKeys(client + " -> " + server, server + " -> " + client);
        assertThat(paths.get(client + " -> " + server).capturePoints)
                .isEqualTo(expected.paths().get(Direction.CLIENT_TO_SERVER));
        assertThat(paths.get(server + " -> " + client).capturePoints)
                .isEqualTo(expected.paths().get(Direction.SERVER_TO_CLIENT));
        assertThat(report.paths).allMatch(p -> p.asymmetric == expected.asymmetric());

        Map<String, ReplayReport.Segment> segments = new TreeMap<>();
        report.segments.forEach(s -> segments.put(s.from + "->" + s.to, s));
        assertThat(segments.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        expected.segments().stream()
                                .map(ExpectedOutcome.SegmentExpectation::label)
                                .toList());
        for (ExpectedOutcome.SegmentExpectation e : expected.segments()) {
            ReplayReport.Segment s = segments.get(e.label());
            assertThat(s.latencyMs.p50)
                    .as("median latency of %s, ms", e.label())
                    .isCloseTo(e.expectedMedianLatencyMs(), within(e.delayToleranceMs()));
            assertThat(s.lossRatio)
                    .as("loss ratio of %s", e.label())
                    .isCloseTo(e.lossRatio(), within(e.lossTolerance()));
            // The generator knows every drop: the replay must count exactly those.
            CaptureSet.SegmentTruth truth =
                    set.captureSet().measure(e.direction(), e.from(), e.to());
            assertThat(s.packets)
                    .as("packets at the start of %s", e.label())
                    .isEqualTo(truth.packets());
            assertThat(s.lossRatio)
                    .as("loss of %s vs. the generator's drops", e.label())
                    .isCloseTo(truth.lossRatio(), within(1e-9));
            if (e.reorder()) {
                assertThat(s.reorderRatio).as("reordering on %s", e.label()).isPositive();
            } else {
                assertThat(s.reorderRatio).as("no reordering on %s", e.label()).isZero();
            }
            double spread = s.latencyMs.p95 - s.latencyMs.min;
            if (e.congestion()) {
                assertThat(spread)
                        .as("queueing spread on %s, ms", e.label())
                        .isGreaterThan(CONGESTED_SPREAD_MS);
            } else if (!e.reorder()) {
                assertThat(spread)
                        .as("no queueing spread on %s, ms", e.label())
                        .isLessThan(CONGESTED_SPREAD_MS);
            }
        }

        CaptureSet.FlowSummary bulk = GroundTruth.bulkFlow(set.captureSet());
        ReplayReport.Conversation conversation =
                report.conversations.stream()
                        .filter(c -> c.proto.equals("tcp") && c.orig.port == bulk.clientPort())
                        .findFirst()
                        .orElseThrow();
        assertThat(conversation.retransmissions)
                .as("retransmissions of the bulk transfer")
                .isEqualTo(bulk.retransmissions());
        assertThat(conversation.retransmissions > 0).isEqualTo(expected.bulkRetransmits());
        assertThat(conversation.connState).isEqualTo("SF");
    }
}
