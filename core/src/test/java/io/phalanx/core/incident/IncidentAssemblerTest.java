package io.phalanx.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.diagnosis.Cause;
import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.report.ReplayReport.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranking, folding and innocence of the incident built from detections. */
class IncidentAssemblerTest {
    private static final long T0 = 1_772_366_400_000L;
    private static final IncidentAssembler ASSEMBLER =
            new IncidentAssembler(PatternRules.defaults(), DiagnosisRules.defaults());

    private static Detection on(
            Cause cause, String from, String to, long start, double confidence) {
        Detection d =
                Detection.of(cause, "segment:" + from + "->" + to, start, start + 5_000)
                        .segment(from, to)
                        .evidence(cause + " on " + from + "->" + to + " from " + start);
        d.confidence = confidence;
        return d;
    }

    private static SegmentTotals totals(
            String from, String to, double maxP50, long packets, long lost) {
        SegmentTotals t = new SegmentTotals();
        t.from = from;
        t.to = to;
        t.maxP50Ms = maxP50;
        t.packets = packets;
        t.lost = lost;
        t.intervals = 3;
        return t;
    }

    private static IncidentAssembler.Evidence evidence(
            List<Detection> d, SegmentTotals... segments) {
        Map<String, SegmentTotals> s = new java.util.HashMap<>();
        for (SegmentTotals t : segments) {
            s.put("segment:" + t.from + "->" + t.to, t);
        }
        return new IncidentAssembler.Evidence(d, List.of(), Map.of(), s);
    }

    @Test
    void nothingDetectedIsNoIncident() {
        assertThat(ASSEMBLER.assemble(evidence(List.of()), null, 1)).isNull();
    }

    @Test
    void retransmissionsOnALossySegmentAreEvidenceForTheLoss() {
        List<Detection> d = new ArrayList<>();
        d.add(on(Cause.RETRANSMISSIONS, "hop1", "hop2", T0, 0.6));
        d.add(on(Cause.LOSS, "hop1", "hop2", T0 + 5_000, 0.9));
        d.add(on(Cause.LOSS, "hop1", "hop2", T0 + 10_000, 0.95));
        Incident i =
                ASSEMBLER.assemble(
                        evidence(
                                d,
                                totals("hop2", "hop3", 0.04, 3000, 0),
                                totals("hop1", "hop2", 0.05, 3000, 90)),
                        null,
                        3);
        assertThat(i.diagnosis.hypotheses).extracting(h -> h.cause).containsExactly("LOSS");
        assertThat(i.diagnosis.hypotheses.get(0).confidence).isEqualTo(0.95);
        assertThat(i.diagnosis.hypotheses.get(0).evidence)
                .contains("RETRANSMISSIONS on hop1->hop2 from " + T0);
        assertThat(i.start).isEqualTo(T0 * 1_000_000L);
        assertThat(i.version).isEqualTo(3);
        assertThat(i.innocent)
                .extracting(c -> c.segment.from + "->" + c.segment.to)
                .containsExactly("hop2->hop3");
        assertThat(i.innocent.get(0).reason)
                .isEqualTo(
                        "every 5 s interval: median at most 0.040 ms; 0 of 3000 packets lost, 0 reordered");
        assertThat(i.title).isEqualTo("Packet loss between hop1 and hop2");
    }

    @Test
    void latencyAndCongestionOnOneSegmentKeepTheOneMatchedMoreOften() {
        List<Detection> d = new ArrayList<>();
        d.add(on(Cause.CONGESTION, "hop2", "hop3", T0, 0.7));
        d.add(on(Cause.CONGESTION, "hop2", "hop3", T0 + 5_000, 0.7));
        d.add(on(Cause.LATENCY, "hop2", "hop3", T0 + 10_000, 0.8));
        Incident i = ASSEMBLER.assemble(evidence(d), null, 1);
        assertThat(i.diagnosis.hypotheses).extracting(h -> h.cause).containsExactly("CONGESTION");
        assertThat(i.diagnosis.hypotheses.get(0).evidence)
                .contains("1 of the intervals read as latency instead");
    }

    @Test
    void lossOnACongestedSegmentIsItsTailDrops() {
        List<Detection> d = new ArrayList<>();
        d.add(on(Cause.LOSS, "hop2", "hop3", T0, 0.97));
        d.add(on(Cause.CONGESTION, "hop2", "hop3", T0, 0.6));
        Incident i = ASSEMBLER.assemble(evidence(d), null, 1);
        assertThat(i.diagnosis.hypotheses).extracting(h -> h.cause).containsExactly("CONGESTION");
        assertThat(i.diagnosis.hypotheses.get(0).confidence).isEqualTo(0.97);
        assertThat(i.diagnosis.hypotheses.get(0).evidence)
                .contains("tail drops: LOSS on hop2->hop3 from " + T0);
    }

    @Test
    void theSameEvidenceGivesTheSameIncident() {
        List<Detection> d = List.of(on(Cause.REORDERING, "hop3", "hop4", T0, 0.9));
        Incident a = ASSEMBLER.assemble(evidence(d), null, 1);
        Incident b = ASSEMBLER.assemble(evidence(new ArrayList<>(d)), null, 1);
        assertThat(a.id).isEqualTo(b.id).startsWith("INC-");
        assertThat(a.narrative).isEqualTo(b.narrative);
        assertThat(a.narrative)
                .startsWith("Reordering between hop3 and hop4 began at 2026-03-01T12:00:00Z.");
    }
}
