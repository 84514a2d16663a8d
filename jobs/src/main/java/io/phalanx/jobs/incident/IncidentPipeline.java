package io.phalanx.jobs.incident;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.JsonLinesFile;
import io.phalanx.core.incident.LlmNarrator;
import io.phalanx.core.incident.PatternRules;
import io.phalanx.core.incident.Signal;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.jobs.Uids;
import io.phalanx.jobs.incident.functions.IncidentCorrelator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the incident part of a pipeline: the unified {@link Signal} stream (segment KPIs, side-file
 * metrics, logs and deploys, SLO alerts) → the CEP patterns ({@link IncidentPatterns}), each keyed
 * by the entity it concerns → the {@link IncidentCorrelator}, which re-issues the incident as
 * evidence arrives and writes the final version into the report.
 */
public final class IncidentPipeline {
    /** The scope every signal of a replay shares (the key of the cross-domain patterns). */
    public static final String REPLAY_SCOPE = "replay";

    private static final TypeInformation<Signal> SIGNAL = TypeInformation.of(Signal.class);

    private IncidentPipeline() {}

    /** The side files' records as signals, and the lines that broke the contract. */
    public record SideSignals(List<Signal> signals, List<DeadLetter> deadLetters) {}

    /** Reads the side files (JSON Lines, docs/TOPICS.md); a file that cannot be read throws. */
    public static SideSignals read(Path metrics, Path logs, Path deploys) {
        List<Signal> signals = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try {
            if (metrics != null) {
                JsonLinesFile.read(metrics, "metrics", EventJson::metric, dead::add)
                        .forEach(m -> signals.add(Signal.of(m)));
            }
            if (logs != null) {
                JsonLinesFile.read(logs, "logs", EventJson::log, dead::add)
                        .forEach(l -> signals.add(Signal.of(l)));
            }
            if (deploys != null) {
                JsonLinesFile.read(deploys, "deploys", EventJson::deploy, dead::add)
                        .forEach(d -> signals.add(Signal.of(d)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read side file: " + e.getMessage(), e);
        }
        signals.sort(java.util.Comparator.comparingLong(s -> s.tsMs));
        return new SideSignals(signals, dead);
    }

    /**
     * The side signals as a bounded stream with event-time timestamps; null when there are none.
     */
    public static DataStream<Signal> sideStream(
            StreamExecutionEnvironment env, List<Signal> signals) {
        if (signals.isEmpty()) {
            return null;
        }
        return env.fromData(signals, SIGNAL)
                .uid(Uids.SIDE_FILES)
                .name("side files (metrics, logs, deploys)")
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Signal>forBoundedOutOfOrderness(Duration.ZERO)
                                .withTimestampAssigner((s, t) -> s.tsMs))
                .uid(Uids.SIDE_FILES_WATERMARKS)
                .name("side files watermarks")
                .setParallelism(1);
    }

    /**
     * @param kpis the segment KPIs (event time)
     * @param side side-file signals, with timestamps (may be empty)
     * @param sloAlerts SLO alert signals ({@link Signal#sloAlert}), or null
     * @param report the end-of-capture report JSON (one element at the end of input)
     * @return the report with the incident's final version; updates on {@link
     *     IncidentCorrelator#UPDATES} of the returned operator
     */
    public static SingleOutputStreamOperator<String> build(
            DataStream<SegmentKpi> kpis,
            DataStream<Signal> side,
            DataStream<Signal> sloAlerts,
            DataStream<String> report,
            PatternRules rules,
            DiagnosisRules diagnosisRules,
            LlmNarrator.Config llm) {
        return build(kpis, side, sloAlerts, report, rules, diagnosisRules, llm, 0);
    }

    /**
     * As above; {@code resolveAfterMs} > 0 resolves an incident after that much event time without
     * a new detection (streaming pipelines), 0 keeps it open until the end of input.
     */
    public static SingleOutputStreamOperator<String> build(
            DataStream<SegmentKpi> kpis,
            DataStream<Signal> side,
            DataStream<Signal> sloAlerts,
            DataStream<String> report,
            PatternRules rules,
            DiagnosisRules diagnosisRules,
            LlmNarrator.Config llm,
            long resolveAfterMs) {
        DataStream<Signal> kpiSignals =
                kpis.map(Signal::of, SIGNAL).uid(Uids.KPI_SIGNALS).name("segment KPIs as signals");
        DataStream<Signal> segmentDetections =
                IncidentPatterns.segmentDetections(kpiSignals.keyBy(s -> s.entity), rules);
        DataStream<Signal> all = kpiSignals.union(segmentDetections);
        DataStream<Signal> degradation = segmentDetections;
        if (side != null) {
            DataStream<Signal> serviceSignals =
                    side.filter(s -> rules.cpuSaturated(s) || s.isTimeoutLog())
                            .uid(Uids.CPU_AND_TIMEOUTS)
                            .name("cpu samples and timeout logs")
                            .filter(s -> s.service != null)
                            .uid(Uids.CPU_AND_TIMEOUTS + "-with-service")
                            .name("with a service");
            DataStream<Signal> cpuDetections =
                    IncidentPatterns.cpuDetections(serviceSignals.keyBy(s -> s.service), rules);
            degradation = degradation.union(cpuDetections);
            all = all.union(side, cpuDetections);
        }
        if (sloAlerts != null) {
            degradation = degradation.union(sloAlerts);
            all = all.union(sloAlerts);
        }
        if (side != null) {
            DataStream<Signal> deploys =
                    side.filter(s -> s.kind == Signal.Kind.DEPLOY)
                            .uid(Uids.DEPLOYS)
                            .name("deploys");
            DataStream<Signal> deployDetections =
                    IncidentPatterns.deployDetections(
                            deploys.union(degradation).keyBy(s -> REPLAY_SCOPE), rules);
            all = all.union(deployDetections);
        }
        return all.keyBy(s -> REPLAY_SCOPE)
                .connect(report.keyBy(r -> REPLAY_SCOPE))
                .process(new IncidentCorrelator(rules, diagnosisRules, llm, resolveAfterMs))
                .uid(Uids.INCIDENT_CORRELATOR)
                .name("incident correlator")
                .setParallelism(1);
    }
}
