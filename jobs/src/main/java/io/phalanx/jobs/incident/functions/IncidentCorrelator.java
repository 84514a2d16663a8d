package io.phalanx.jobs.incident.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.incident.Detection;
import io.phalanx.core.incident.IncidentAssembler;
import io.phalanx.core.incident.LlmNarrator;
import io.phalanx.core.incident.PatternRules;
import io.phalanx.core.incident.SegmentTotals;
import io.phalanx.core.incident.ServiceTotals;
import io.phalanx.core.incident.Signal;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReplayReport.Incident;
import io.phalanx.core.report.ReportJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Builds the live incident from the unified stream (one scope per key; a replay is one scope):
 * every detection re-issues the incident as a new version on {@link #UPDATES} (JSON, {@code
 * {"v":1,"id","version","ts","incident"}}), assembled deterministically ({@link IncidentAssembler})
 * from all evidence so far. Segment KPIs, metrics and logs only update the totals that clear or
 * back a hypothesis; deploys are kept for the narrative.
 *
 * <p>The second input is the end-of-capture report. At the end of input (timer at {@link
 * Long#MAX_VALUE}) the incident is assembled once more with the report's network diagnosis, issued
 * as the final version, and written into the report in place of that diagnosis's own incident;
 * other incidents of the report (SLO incidents) are kept. The report is the main output.
 *
 * <p>State: detections, deploys (both bounded by the patterns' skip strategy and the feeds), per
 * segment and per service totals (bounded by the entities), the version, the report. All cleared
 * when the report is emitted. Late signals are folded in as they come: the incident has no window.
 */
public class IncidentCorrelator extends KeyedCoProcessFunction<String, Signal, String, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final OutputTag<String> UPDATES =
            new OutputTag<>("incident-updates", Types.STRING);

    private final PatternRules rules;
    private final DiagnosisRules diagnosisRules;
    private final LlmNarrator.Config llm;
    private final long resolveAfterMs;

    private transient ListState<Detection> detections;
    private transient ListState<Signal> deploys;
    private transient MapState<String, SegmentTotals> segments;
    private transient MapState<String, ServiceTotals> services;
    private transient ValueState<Integer> version;
    private transient ValueState<String> report;
    private transient ValueState<Boolean> timerSet;
    private transient ValueState<String> incidentId;
    private transient ValueState<Long> lastDetection;

    public IncidentCorrelator(
            PatternRules rules, DiagnosisRules diagnosisRules, LlmNarrator.Config llm) {
        this(rules, diagnosisRules, llm, 0);
    }

    /**
     * A correlator for pipelines that never end: an incident without a new detection for {@code
     * resolveAfterMs} of event time is resolved ({@code
     * {"v":1,"id","version","ts","resolved":true}} on {@link #UPDATES}) and the next detection
     * opens a new incident. 0: incidents stay open until the end of input (replays).
     */
    public IncidentCorrelator(
            PatternRules rules,
            DiagnosisRules diagnosisRules,
            LlmNarrator.Config llm,
            long resolveAfterMs) {
        if (resolveAfterMs < 0) {
            throw new IllegalArgumentException("resolve-after must be >= 0");
        }
        this.rules = rules;
        this.diagnosisRules = diagnosisRules;
        this.llm = llm;
        this.resolveAfterMs = resolveAfterMs;
    }

    @Override
    public void open(OpenContext ctx) {
        var rc = getRuntimeContext();
        detections =
                rc.getListState(
                        new ListStateDescriptor<>(
                                "detections", TypeInformation.of(Detection.class)));
        deploys =
                rc.getListState(
                        new ListStateDescriptor<>("deploys", TypeInformation.of(Signal.class)));
        segments =
                rc.getMapState(
                        new MapStateDescriptor<>(
                                "segments", Types.STRING, TypeInformation.of(SegmentTotals.class)));
        services =
                rc.getMapState(
                        new MapStateDescriptor<>(
                                "services", Types.STRING, TypeInformation.of(ServiceTotals.class)));
        version = rc.getState(new ValueStateDescriptor<>("version", Types.INT));
        report = rc.getState(new ValueStateDescriptor<>("report", Types.STRING));
        timerSet = rc.getState(new ValueStateDescriptor<>("timer-set", Types.BOOLEAN));
        incidentId = rc.getState(new ValueStateDescriptor<>("incident-id", Types.STRING));
        lastDetection = rc.getState(new ValueStateDescriptor<>("last-detection", Types.LONG));
    }

    private void ensureTimer(TimerContext ctx) throws Exception {
        if (timerSet.value() == null) {
            ctx.register();
            timerSet.update(true);
        }
    }

    @FunctionalInterface
    private interface TimerContext {
        void register();
    }

    @Override
    public void processElement1(Signal s, Context ctx, Collector<String> out) throws Exception {
        ensureTimer(() -> ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE));
        switch (s.kind) {
            case SEGMENT_KPI -> {
                SegmentTotals t = segments.get(s.entity);
                if (t == null) {
                    t = new SegmentTotals();
                }
                t.add(s);
                segments.put(s.entity, t);
            }
            case METRIC, LOG -> {
                if (s.service != null) {
                    ServiceTotals t = services.get(s.service);
                    if (t == null) {
                        t = new ServiceTotals();
                    }
                    t.add(s);
                    services.put(s.service, t);
                }
            }
            case DEPLOY -> deploys.add(s);
            case SLO_ALERT -> {
                // Corroborates through the deploy pattern; the SLO incident is the SLO job's.
            }
            case DETECTION -> {
                detections.add(s.detection);
                int v = version.value() == null ? 1 : version.value() + 1;
                version.update(v);
                Incident i =
                        new IncidentAssembler(rules, diagnosisRules)
                                .assemble(evidence(), null, v, incidentId.value());
                if (i != null) {
                    incidentId.update(i.id);
                    ctx.output(UPDATES, update(i, s.tsMs));
                }
                if (resolveAfterMs > 0) {
                    long last =
                            Math.max(
                                    s.tsMs,
                                    lastDetection.value() == null ? s.tsMs : lastDetection.value());
                    lastDetection.update(last);
                    ctx.timerService().registerEventTimeTimer(last + resolveAfterMs);
                }
            }
        }
    }

    @Override
    public void processElement2(String reportJson, Context ctx, Collector<String> out)
            throws Exception {
        ensureTimer(() -> ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE));
        report.update(reportJson);
    }

    private IncidentAssembler.Evidence evidence() throws Exception {
        List<Detection> ds = new ArrayList<>();
        detections.get().forEach(ds::add);
        List<DeployEvent> dep = new ArrayList<>();
        for (Signal d : deploys.get()) {
            dep.add(new DeployEvent(d.tsMs, d.service, d.version, d.previousVersion, d.actor));
        }
        Map<String, ServiceTotals> svc = new HashMap<>();
        for (Map.Entry<String, ServiceTotals> e : services.entries()) {
            svc.put(e.getKey(), e.getValue());
        }
        Map<String, SegmentTotals> seg = new HashMap<>();
        for (Map.Entry<String, SegmentTotals> e : segments.entries()) {
            seg.put(e.getKey(), e.getValue());
        }
        return new IncidentAssembler.Evidence(ds, dep, svc, seg);
    }

    /** One incident update: {@code {"v":1,"id","version","ts","incident":{...}}}. */
    static String update(Incident i, long tsMs) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("id", i.id);
        o.put("version", i.version);
        o.put("ts", Instant.ofEpochMilli(tsMs).toString());
        o.set("incident", JSON.valueToTree(i));
        return o.toString();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
            throws Exception {
        if (timestamp != Long.MAX_VALUE) {
            resolveIfQuiet(timestamp, ctx);
            return;
        }
        String json = report.value();
        ReplayReport r = json == null ? null : ReportJson.fromJson(json);
        Incident network = null;
        if (r != null) {
            for (Incident i : r.incidents) {
                if (i.id != null && i.id.startsWith("N-")) {
                    network = i;
                }
            }
        }
        int v = (version.value() == null ? 0 : version.value()) + 1;
        Incident fin =
                new IncidentAssembler(rules, diagnosisRules)
                        .assemble(evidence(), network, v, incidentId.value());
        if (fin != null) {
            if (r != null) {
                IncidentAssembler.addWorstConversations(fin, r);
            }
            if (llm != null) {
                fin.narrative = new LlmNarrator(llm).narrate(fin);
            }
            ctx.output(
                    UPDATES,
                    update(fin, timestamp == Long.MAX_VALUE ? fin.end / 1_000_000L : timestamp));
        }
        if (r != null) {
            if (network != null) {
                r.incidents.remove(network);
            }
            if (fin != null) {
                r.incidents.add(0, fin);
            }
            out.collect(ReportJson.toJson(r));
        }
        detections.clear();
        deploys.clear();
        segments.clear();
        services.clear();
        version.clear();
        report.clear();
        timerSet.clear();
        incidentId.clear();
        lastDetection.clear();
    }

    /**
     * A quiet-period timer: when no detection came for {@code resolveAfterMs}, the open incident is
     * resolved and its detections and deploys dropped (segment and service totals stay: they clear
     * or back the next incident). An earlier timer of a later detection does nothing.
     */
    private void resolveIfQuiet(long timestamp, OnTimerContext ctx) throws Exception {
        Long last = lastDetection.value();
        String id = incidentId.value();
        if (last == null || last + resolveAfterMs > timestamp) {
            return;
        }
        if (id != null) {
            int v = (version.value() == null ? 0 : version.value()) + 1;
            ObjectNode o = JSON.createObjectNode();
            o.put("v", 1);
            o.put("id", id);
            o.put("version", v);
            o.put("ts", Instant.ofEpochMilli(timestamp).toString());
            o.put("resolved", true);
            ctx.output(UPDATES, o.toString());
        }
        detections.clear();
        deploys.clear();
        version.clear();
        incidentId.clear();
        lastDetection.clear();
    }
}
