package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generator against its own scenarios: what it measured while generating (true times, real
 * drops) lies within each {@link ExpectedOutcome}'s tolerances, and ground-truth.json says so in
 * the documented fields. The replay ITCase holds the replay job to the same expectations.
 */
class ScenarioGroundTruthTest extends SimulationTestBase {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theGeneratedSetMeetsItsOwnExpectedOutcome(Scenario scenario) {
        assertMeetsExpectedOutcome(scenario, generated(scenario).captureSet());
    }

    /**
     * The expected outcome is a property of the scenario, not of one seed: other seeds and
     * durations stay within the same tolerances (checked offline for seeds 1-15 x 0.5/1/2 s).
     */
    @ParameterizedTest(name = "{0}, seed {1}, {2} s")
    @MethodSource("otherSeedsAndDurations")
    void otherSeedsAndDurationsMeetTheSameExpectedOutcome(
            Scenario scenario, long seed, double durationSeconds) {
        assertMeetsExpectedOutcome(scenario, scenario.simulate(seed, durationSeconds));
    }

    static Stream<Arguments> otherSeedsAndDurations() {
        return Stream.of(Scenario.values())
                .flatMap(s -> Stream.of(Arguments.of(s, 11L, 0.5), Arguments.of(s, 12L, 2.0)));
    }

    private static void assertMeetsExpectedOutcome(Scenario scenario, CaptureSet set) {
        ExpectedOutcome expected = scenario.expectedOutcome();
        for (ExpectedOutcome.SegmentExpectation s : expected.segments()) {
            CaptureSet.SegmentTruth truth = set.measure(s.direction(), s.from(), s.to());
            assertThat(truth.packets()).as("%s carries traffic", s.label()).isGreaterThan(100);
            assertThat(truth.medianLatencyMs())
                    .as("true median latency of %s", s.label())
                    .isCloseTo(s.expectedMedianLatencyMs(), within(s.delayToleranceMs()));
            assertThat(truth.lossRatio())
                    .as("true loss of %s", s.label())
                    .isCloseTo(s.lossRatio(), within(s.lossTolerance()));
        }
        int bulkRetransmissions = GroundTruth.bulkFlow(set).retransmissions();
        assertThat(bulkRetransmissions > 0)
                .as(
                        "bulk retransmissions (%d) expected: %s",
                        bulkRetransmissions, expected.bulkRetransmits())
                .isEqualTo(expected.bulkRetransmits());
        assertThat(expected.paths().get(Direction.CLIENT_TO_SERVER))
                .isEqualTo(set.topology().path(Direction.CLIENT_TO_SERVER));
    }

    @Test
    void groundTruthJsonRecordsConfigurationExpectationAndMeasurement() throws IOException {
        Simulate.GeneratedSet set = generated(Scenario.LOSS_2PCT_HOP1_HOP2);
        JsonNode gt = new ObjectMapper().readTree(set.groundTruth().toFile());
        assertThat(gt.get("schema").asText()).isEqualTo(GroundTruth.SCHEMA);
        assertThat(gt.get("scenario").asText()).isEqualTo("loss-2pct-hop1-hop2");
        assertThat(gt.get("seed").asLong()).isEqualTo(Scenario.LOSS_2PCT_HOP1_HOP2.defaultSeed());
        assertThat(gt.at("/faults/0/segment").asText()).isEqualTo("hop1->hop2");
        assertThat(gt.at("/faults/0/loss_ratio").asDouble()).isEqualTo(0.02);
        assertThat(gt.at("/expected/segments/0/from").asText()).isEqualTo("hop1");
        assertThat(gt.at("/expected/segments/0/loss_ratio").asDouble()).isEqualTo(0.02);
        assertThat(gt.at("/expected/asymmetric").asBoolean()).isFalse();
        assertThat(gt.at("/measured/drops/hop1->hop2").asInt())
                .isEqualTo(set.captureSet().drops().get("hop1->hop2"));
        assertThat(gt.at("/measured/segments/0/lost").asInt())
                .as("lost between hop1 and hop2 = dropped there")
                .isEqualTo(set.captureSet().drops().get("hop1->hop2"));
        assertThat(gt.at("/bulk/retransmissions").asInt())
                .isEqualTo(GroundTruth.bulkFlow(set.captureSet()).retransmissions())
                .isPositive();
        for (int i = 0; i < 4; i++) {
            String cp = "hop" + (i + 1);
            assertThat(gt.at("/capture_points/" + i + "/id").asText()).isEqualTo(cp);
            assertThat(gt.at("/capture_points/" + i + "/packets").asInt())
                    .isEqualTo(records(set, cp).size());
        }
    }

    @Test
    void theAsymmetricScenarioBypassesHop3OnlyOnTheWayBack() throws IOException {
        Simulate.GeneratedSet set = generated(Scenario.ASYMMETRIC_RETURN_BYPASSES_HOP3);
        assertThat(records(set, "hop3")).isNotEmpty().allMatch(PcapRecord::clientToServer);
        assertThat(records(set, "hop4")).anyMatch(r -> !r.clientToServer());
        // hop4 records the return through the server's second link (link 4).
        assertThat(records(set, "hop4").stream().filter(r -> !r.clientToServer()))
                .allMatch(r -> r.mac(6).equals("02:77:04:00:00:02"));
        assertThat(Scenario.ASYMMETRIC_RETURN_BYPASSES_HOP3.expectedOutcome().asymmetric())
                .isTrue();
    }

    @Test
    void theSkewedClockShiftsOnlyHop3sTimestamps() throws IOException {
        Simulate.GeneratedSet skewed = generated(Scenario.SKEWED_CLOCK_HOP3);
        var hop2 = records(skewed, "hop2");
        var hop3 = records(skewed, "hop3");
        // The first client->server packet: true hop2->hop3 time is ~0.03 ms, recorded ~6.03 ms.
        PcapRecord at2 = hop2.stream().filter(PcapRecord::clientToServer).findFirst().orElseThrow();
        PcapRecord at3 =
                hop3.stream()
                        .filter(r -> r.identity().equals(at2.identity()))
                        .findFirst()
                        .orElseThrow();
        assertThat((at3.epochNanos() - at2.epochNanos()) / 1e6)
                .as("recorded hop2->hop3 delta, ms (6 ms offset + baseline)")
                .isCloseTo(6.0 + ExpectedOutcome.BASELINE_LATENCY_MS, within(0.02));
    }
}
