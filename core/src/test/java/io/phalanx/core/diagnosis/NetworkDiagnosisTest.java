package io.phalanx.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReplayReport.Incident;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkDiagnosisTest {
    private static final NetworkDiagnosis DIAGNOSIS =
            new NetworkDiagnosis(DiagnosisRules.defaults());

    private static ReplayReport.Segment segment(
            String from, String to, double p50, double p95, double loss, double reorder) {
        ReplayReport.Segment s = new ReplayReport.Segment();
        s.from = from;
        s.to = to;
        s.packets = 10_000;
        s.latencyMs = new ReplayReport.Latency();
        s.latencyMs.min = p50 * 0.9;
        s.latencyMs.p50 = p50;
        s.latencyMs.p95 = p95;
        s.latencyMs.p99 = p95;
        s.latencyMs.max = p95;
        s.lossRatio = loss;
        s.reorderRatio = reorder;
        return s;
    }

    private static ReplayReport report(ReplayReport.Segment... segments) {
        ReplayReport r = new ReplayReport();
        r.segments.addAll(List.of(segments));
        return r;
    }

    private static ReplayReport.Segment healthy(String from, String to) {
        return segment(from, to, 0.05, 0.12, 0, 0);
    }

    @Test
    void aHealthyNetworkHasNoIncident() {
        assertThat(DIAGNOSIS.diagnose(report(healthy("hop1", "hop2"), healthy("hop2", "hop1"))))
                .isEmpty();
    }

    @Test
    void aSteadyAddedDelayIsLatencyNotCongestion() {
        Incident i =
                DIAGNOSIS
                        .diagnose(
                                report(
                                        healthy("hop1", "hop2"),
                                        segment("hop2", "hop3", 40.4, 40.9, 0, 0)))
                        .get(0);
        ReplayReport.Hypothesis top = i.diagnosis.hypotheses.get(0);
        assertThat(top.cause).isEqualTo("LATENCY");
        assertThat(top.segment.from).isEqualTo("hop2");
        assertThat(top.segment.to).isEqualTo("hop3");
        assertThat(i.innocent)
                .extracting(c -> c.segment.from + "->" + c.segment.to)
                .containsExactly("hop1->hop2");
        assertThat(i.title).isEqualTo("Added latency on hop2 -> hop3");
        assertThat(i.narrative).contains("40.400 ms").contains("Cleared: hop1->hop2");
    }

    @Test
    void aVaryingDelayWithTailDropsIsCongestion() {
        Incident i = DIAGNOSIS.diagnose(report(segment("hop2", "hop3", 12, 30, 0.002, 0))).get(0);
        assertThat(i.diagnosis.hypotheses.get(0).cause).isEqualTo("CONGESTION");
        assertThat(i.diagnosis.hypotheses.get(0).evidence).anyMatch(e -> e.contains("tail drops"));
    }

    @Test
    void lossAndReorderingAreToldApart() {
        Incident lossy =
                DIAGNOSIS.diagnose(report(segment("hop1", "hop2", 0.07, 0.2, 0.03, 0))).get(0);
        assertThat(lossy.diagnosis.hypotheses).extracting(h -> h.cause).containsExactly("LOSS");
        Incident shuffled =
                DIAGNOSIS.diagnose(report(segment("hop3", "hop4", 0.07, 0.2, 0, 0.02))).get(0);
        assertThat(shuffled.diagnosis.hypotheses)
                .extracting(h -> h.cause)
                .containsExactly("REORDERING");
    }

    @Test
    void retransmissionsExplainedByLossAreEvidenceNotACause() {
        ReplayReport r = report(segment("hop1", "hop2", 0.07, 0.2, 0.03, 0));
        ReplayReport.Conversation bulk = new ReplayReport.Conversation();
        bulk.uid = "Cbulk";
        bulk.orig = new ReplayReport.Endpoint("10.77.1.2", 33654);
        bulk.resp = new ReplayReport.Endpoint("10.77.3.2", 5201);
        bulk.packets = 15_866;
        bulk.retransmissions = 432;
        r.conversations.add(bulk);
        Incident i = DIAGNOSIS.diagnose(r).get(0);
        assertThat(i.diagnosis.hypotheses).extracting(h -> h.cause).containsExactly("LOSS");
        assertThat(i.diagnosis.hypotheses.get(0).evidence)
                .anyMatch(e -> e.contains("Cbulk") && e.contains("432"));
        r.segments.clear();
        Incident alone = DIAGNOSIS.diagnose(r).get(0);
        assertThat(alone.diagnosis.hypotheses)
                .extracting(h -> h.cause)
                .containsExactly("RETRANSMISSIONS");
        assertThat(alone.severity).isEqualTo("minor");
    }

    @Test
    void asymmetricPathsAreAHypothesis() {
        ReplayReport r = report(healthy("hop1", "hop2"));
        ReplayReport.Path p = new ReplayReport.Path();
        p.direction = "10.77.3.2 -> 10.77.1.2";
        p.capturePoints = List.of("hop4", "hop2", "hop1");
        p.asymmetric = true;
        r.paths.add(p);
        ReplayReport.Hypothesis h = DIAGNOSIS.diagnose(r).get(0).diagnosis.hypotheses.get(0);
        assertThat(h.cause).isEqualTo("ASYMMETRIC_ROUTING");
        assertThat(h.entity).isEqualTo("10.77.3.2 -> 10.77.1.2");
    }

    @Test
    void confidenceGrowsWithTheMarginOverTheThreshold() {
        assertThat(NetworkDiagnosis.confidence(5, 5)).isCloseTo(0.5, within(1e-12));
        assertThat(NetworkDiagnosis.confidence(10, 5))
                .isCloseTo(0.5 + 0.5 * (1 - Math.exp(-1)), within(1e-12));
        assertThat(NetworkDiagnosis.confidence(500, 5)).isGreaterThan(0.999);
    }

    @Test
    void hypothesesAreRankedByConfidence() {
        Incident i =
                DIAGNOSIS
                        .diagnose(
                                report(
                                        segment("hop1", "hop2", 0.07, 0.2, 0.006, 0),
                                        segment("hop2", "hop3", 80, 81, 0, 0)))
                        .get(0);
        assertThat(i.diagnosis.hypotheses)
                .extracting(h -> h.cause)
                .containsExactly("LATENCY", "LOSS");
        assertThat(i.severity).isEqualTo("major");
    }

    @Test
    void rulesThatWouldClearWhatTheyFlagAreRefused() {
        assertThatThrownBy(() -> new DiagnosisRules(5, 0.5, 0.005, 0.005, 0.01, 6, 0.001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cleared");
    }
}
