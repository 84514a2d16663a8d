package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.jobs.replay.ReplayOptions;
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
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every showcase's capture set through the real replay job (RocksDB, parallelism 2), held to the
 * network part of its {@link ShowcaseOutcome}: paths and asymmetry, per-segment median latency and
 * loss within the stated tolerances and equal to the generator's own drops. The major outage's 25 %
 * loss is the one network condition no capture scenario has.
 */
class ShowcaseReplayITCase {
    @TempDir static Path tmp;

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

    @ParameterizedTest(name = "{0}")
    @EnumSource(Showcase.class)
    void theReplayReportsTheShowcasesNetworkOutcome(Showcase showcase) throws Exception {
        GeneratedShowcase set =
                GeneratedShowcase.generate(
                        showcase, showcase.defaultSeed(), tmp.resolve(showcase.id()), false);
        ExpectedOutcome expected = showcase.expectedOutcome().network();
        List<CaptureInput> inputs = new ArrayList<>();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            inputs.add(CaptureInput.at(cp, set.pcaps().get(cp)));
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config());
        env.setParallelism(2);
        ReplayReport report;
        try (CloseableIterator<String> it =
                ReplayJob.build(env, ReplayOptions.defaults(inputs))
                        .executeAndCollect("replay " + showcase.id())) {
            report = ReportJson.fromJson(it.next());
        }

        assertThat(report.deadLetters.count).isZero();
        Map<String, ReplayReport.Path> paths = new TreeMap<>();
        report.paths.forEach(p -> paths.put(p.direction, p));
        assertThat(paths.get("10.77.1.2 -> 10.77.3.2").capturePoints)
                .isEqualTo(expected.paths().get(Direction.CLIENT_TO_SERVER));
        assertThat(paths.get("10.77.3.2 -> 10.77.1.2").capturePoints)
                .isEqualTo(expected.paths().get(Direction.SERVER_TO_CLIENT));
        assertThat(report.paths).allMatch(p -> p.asymmetric == expected.asymmetric());
        Map<String, ReplayReport.Segment> segments = new TreeMap<>();
        report.segments.forEach(s -> segments.put(s.from + "->" + s.to, s));
        for (ExpectedOutcome.SegmentExpectation e : expected.segments()) {
            ReplayReport.Segment s = segments.get(e.label());
            assertThat(s).as(e.label()).isNotNull();
            assertThat(s.latencyMs.p50)
                    .as("median latency of %s, ms", e.label())
                    .isCloseTo(e.expectedMedianLatencyMs(), within(e.delayToleranceMs()));
            assertThat(s.lossRatio)
                    .as("loss ratio of %s", e.label())
                    .isCloseTo(e.lossRatio(), within(e.lossTolerance()));
            assertThat(s.lossRatio)
                    .as("loss of %s vs. the generator's drops", e.label())
                    .isCloseTo(
                            set.captureSet().measure(e.direction(), e.from(), e.to()).lossRatio(),
                            within(1e-9));
        }
    }
}
