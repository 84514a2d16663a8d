package io.phalanx.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.incident.Detection;
import io.phalanx.core.incident.Signal;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.incident.functions.IncidentCorrelator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The incident correlator in a harness: each detection re-issues the incident with the next version
 * (same id, more evidence), evidence-only signals do not, and the end of input issues the final
 * version merged with the end-of-capture diagnosis, writes it into the report and leaves no state
 * or timer behind.
 */
class IncidentCorrelatorTest extends IncidentTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    static KeyedTwoInputStreamOperatorTestHarness<String, Signal, String, String> harness()
            throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new IncidentCorrelator(RULES, DiagnosisRules.defaults(), null)),
                        (Signal s) -> IncidentPipeline.REPLAY_SCOPE,
                        (String r) -> IncidentPipeline.REPLAY_SCOPE,
                        Types.STRING);
        h.open();
        return h;
    }

    static void in(
            KeyedTwoInputStreamOperatorTestHarness<String, Signal, String, String> h, Signal s)
            throws Exception {
        h.processElement1(new StreamRecord<>(s, s.tsMs));
    }

    static List<JsonNode> updates(
            KeyedTwoInputStreamOperatorTestHarness<String, Signal, String, String> h)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        var side = h.getSideOutput(IncidentCorrelator.UPDATES);
        if (side == null) {
            return out; // nothing was ever emitted there
        }
        for (StreamRecord<String> r : side) {
            out.add(JSON.readTree(r.getValue()));
        }
        return out;
    }

    /** The end-of-capture diagnosis of the same capture: 40 ms on hop2->hop3. */
    static String networkReport() throws Exception {
        ReplayReport r = new ReplayReport();
        ReplayReport.Incident n = new ReplayReport.Incident();
        n.id = "N-1234";
        n.severity = "major";
        n.start = T0 * 1_000_000L;
        n.end = (T0 + 3 * INTERVAL) * 1_000_000L;
        ReplayReport.Hypothesis h = new ReplayReport.Hypothesis();
        h.cause = "LATENCY";
        h.segment = new ReplayReport.SegmentRef("hop2", "hop3");
        h.confidence = 0.99;
        h.evidence.add("segment hop2->hop3: median one-way latency 40.200 ms over the capture");
        n.diagnosis.hypotheses.add(h);
        ReplayReport.Innocent ok = new ReplayReport.Innocent();
        ok.segment = new ReplayReport.SegmentRef("hop1", "hop2");
        ok.reason = "median 0.050 ms, loss 0.00 %, reordering 0.00 % over 3000 packets";
        n.innocent.add(ok);
        r.incidents.add(n);
        ReplayReport.Incident slo = new ReplayReport.Incident();
        slo.id = "SLO-checkout-latency";
        r.incidents.add(slo);
        return ReportJson.toJson(r);
    }

    @Test
    void aQuietIncidentIsResolvedAndTheNextDetectionOpensANewOne() throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new IncidentCorrelator(
                                        RULES, DiagnosisRules.defaults(), null, 60_000)),
                        (Signal s) -> IncidentPipeline.REPLAY_SCOPE,
                        (String r) -> IncidentPipeline.REPLAY_SCOPE,
                        Types.STRING);
        h.open();
        try (h) {
            for (int i = 0; i < 3; i++) {
                in(h, delayed("hop2", "hop3", i));
            }
            in(h, detection("LATENCY", "hop2", "hop3", T0, 0.95));
            in(h, detection("LATENCY", "hop2", "hop3", T0 + 30_000, 0.95));
            // Detections are dated at their end (start + 5 s): the last one at T0 + 35 s.
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(T0 + 94_999));
            assertThat(updates(h))
                    .as("less than 60 s after the last detection: still open")
                    .hasSize(2);

            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(T0 + 95_000));
            List<JsonNode> updates = updates(h);
            assertThat(updates).hasSize(3);
            JsonNode resolved = updates.get(2);
            assertThat(resolved.get("resolved").asBoolean()).isTrue();
            assertThat(resolved.get("id").asText()).isEqualTo(updates.get(0).get("id").asText());
            assertThat(resolved.get("version").asInt()).isEqualTo(3);

            in(h, detection("LATENCY", "hop2", "hop3", T0 + 200_000, 0.95));
            updates = updates(h);
            assertThat(updates).hasSize(4);
            assertThat(updates.get(3).get("version").asInt())
                    .as("a new incident starts at version 1")
                    .isEqualTo(1);
            assertThat(updates.get(3).has("resolved")).isFalse();
            assertThat(updates.get(3).get("id").asText()).isNotEqualTo(resolved.get("id").asText());
        }
    }

    @Test
    void updatesReplaceEachOtherInOrderAndTheLastGoesIntoTheReport() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 3; i++) {
                in(h, healthy("hop1", "hop2", i));
                in(h, delayed("hop2", "hop3", i));
            }
            Signal latency = detection("LATENCY", "hop2", "hop3", T0, 0.95);
            in(h, latency);
            assertThat(updates(h)).hasSize(1);

            in(h, cpu(T0 + 2_000, "checkout", "checkout-1", 0.95));
            for (int i = 0; i < 12; i++) {
                in(h, timeoutLog(T0 + 3_000 + i * 500, "checkout"));
            }
            in(h, cpu(T0 + 2_000, "payments", "payments-1", 0.30));
            assertThat(updates(h)).as("metrics and logs alone re-issue nothing").hasSize(1);

            Detection cpu =
                    Detection.of(
                            io.phalanx.core.diagnosis.Cause.CPU_SATURATION,
                            "host:checkout-1",
                            T0 + 2_000,
                            T0 + 9_000);
            cpu.service = "checkout";
            cpu.host = "checkout-1";
            cpu.confidence = 0.8;
            cpu.evidence("cpu_utilization on checkout-1 reached 95 %");
            in(h, Signal.of(cpu));

            in(h, deploy(T0 - 40_000, "checkout", "v42"));
            Detection regression =
                    Detection.of(
                            io.phalanx.core.diagnosis.Cause.DEPLOY_REGRESSION,
                            "service:checkout",
                            T0,
                            T0 + 5_000);
            regression.service = "checkout";
            regression.deployVersion = "v42";
            regression.deployTsMs = T0 - 40_000;
            regression.confidence = 0.85;
            regression.evidence("deploy checkout v42 (from v41) at 2026-03-01T11:59:20Z");
            in(h, Signal.of(regression));

            h.processElement2(new StreamRecord<>(networkReport(), Long.MAX_VALUE));
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));

            List<JsonNode> updates = updates(h);
            assertThat(updates)
                    .extracting(u -> u.get("version").asInt())
                    .containsExactly(1, 2, 3, 4);
            String id = updates.get(0).get("id").asText();
            assertThat(updates).allMatch(u -> u.get("id").asText().equals(id));
            assertThat(updates)
                    .extracting(u -> u.get("incident").get("diagnosis").get("hypotheses").size())
                    .containsExactly(1, 2, 3, 3);

            // A consumer keeping the latest version per id ends with the final one.
            Map<String, JsonNode> latest = new HashMap<>();
            for (JsonNode u : updates) {
                latest.merge(
                        u.get("id").asText(),
                        u,
                        (a, b) -> a.get("version").asInt() > b.get("version").asInt() ? a : b);
            }
            JsonNode last = latest.get(id).get("incident");
            assertThat(last.get("version").asInt()).isEqualTo(4);
            assertThat(last.get("narrative").asText())
                    .startsWith(
                            "Added latency between hop2 and hop3 began 40 s after deploy checkout"
                                    + " v42; CPU on checkout-1 rose to 95 %; 12 timeouts in"
                                    + " checkout logs.");

            List<String> out = new ArrayList<>();
            h.getOutput()
                    .forEach(
                            o -> {
                                if (o instanceof StreamRecord<?> r) {
                                    out.add((String) r.getValue());
                                }
                            });
            assertThat(out).hasSize(1);
            ReplayReport report = ReportJson.fromJson(out.get(0));
            assertThat(report.incidents)
                    .extracting(i -> i.id)
                    .as("the network diagnosis's own incident is replaced, the SLO one kept")
                    .containsExactly(id, "SLO-checkout-latency");
            ReplayReport.Incident fin = report.incidents.get(0);
            assertThat(fin.version).isEqualTo(4);
            ReplayReport.Hypothesis top = fin.diagnosis.hypotheses.get(0);
            assertThat(top.cause).isEqualTo("LATENCY");
            assertThat(top.confidence)
                    .as("the whole capture's confidence wins over one interval's")
                    .isEqualTo(0.99);
            assertThat(top.evidence).first().asString().contains("over the capture");
            assertThat(fin.innocent)
                    .extracting(
                            i ->
                                    i.segment != null
                                            ? i.segment.from + "->" + i.segment.to
                                            : i.entity)
                    .containsExactly("hop1->hop2", "service:payments");
            assertThat(h.numKeyedStateEntries()).as("state drained").isZero();
            assertThat(h.numEventTimeTimers()).as("timers drained").isZero();
        }
    }

    @Test
    void aCaptureWithoutDetectionsKeepsItsReportAsItIs() throws Exception {
        try (var h = harness()) {
            in(h, healthy("hop1", "hop2", 0));
            ReplayReport clean = new ReplayReport();
            String json = ReportJson.toJson(clean);
            h.processElement2(new StreamRecord<>(json, Long.MAX_VALUE));
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
            assertThat(updates(h)).isEmpty();
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(ReportJson.fromJson(h.extractOutputValues().get(0)).incidents).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
