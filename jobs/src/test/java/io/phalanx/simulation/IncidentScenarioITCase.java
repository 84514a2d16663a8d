package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.jobs.replay.ReplayOptions;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The incident of every simulated scenario (CEP patterns over its segment KPIs, merged with the
 * end-of-capture diagnosis): the injected cause on the injected segment, in the direction of
 * travel, ranked first; no incident where nothing is wrong on the network, also when a capture
 * clock is 6 ms off (corrected, not latency). Covers the causes the bundled capture sets lack:
 * reordering, congestion (told apart from constant delay) and asymmetric routing.
 */
class IncidentScenarioITCase extends SimulationTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(ReplayJob.embeddedConfiguration("rocksdb", null))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "BASELINE, -, -",
        "SKEWED_CLOCK_HOP3, -, -",
        "DELAY_30MS_HOP2_HOP3, LATENCY, hop2->hop3",
        "LOSS_2PCT_HOP1_HOP2, LOSS, hop1->hop2",
        "REORDER_HOP3_HOP4, REORDERING, hop3->hop4",
        "CONGESTION_HOP2_HOP3, CONGESTION, hop2->hop3",
        "ASYMMETRIC_RETURN_BYPASSES_HOP3, ASYMMETRIC_ROUTING, -",
    })
    void theTopHypothesisIsTheInjectedCause(Scenario scenario, String cause, String segment)
            throws Exception {
        Simulate.GeneratedSet set = generated(scenario);
        List<CaptureInput> inputs = new ArrayList<>();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            inputs.add(CaptureInput.at(cp, set.pcaps().get(cp)));
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        ReplayJob.embeddedConfiguration("rocksdb", null));
        env.setParallelism(2);
        ReplayReport report;
        try (CloseableIterator<String> it =
                ReplayJob.build(env, ReplayOptions.defaults(inputs))
                        .executeAndCollect("incidents " + scenario)) {
            report = ReportJson.fromJson(it.next());
        }
        if (cause.equals("-")) {
            assertThat(report.incidents).isEmpty();
            return;
        }
        assertThat(report.incidents).hasSize(1);
        ReplayReport.Hypothesis top = report.incidents.get(0).diagnosis.hypotheses.get(0);
        assertThat(top.cause).isEqualTo(cause);
        if (!segment.equals("-")) {
            assertThat(top.segment.from + "->" + top.segment.to).isEqualTo(segment);
        } else {
            assertThat(top.entity).contains(SERVER).contains(CLIENT);
        }
    }
}
