package io.phalanx.jobs.slo;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.incident.Signal;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.jobs.Uids;
import io.phalanx.jobs.slo.functions.IncidentRanker;
import io.phalanx.jobs.slo.functions.SegmentKpiSliExtractor;
import io.phalanx.jobs.slo.functions.SliEventExtractor;
import io.phalanx.jobs.slo.functions.SloBurnRateEvaluator;
import io.phalanx.jobs.slo.functions.SloReportMerger;
import io.phalanx.jobs.slo.records.AlertTransition;
import io.phalanx.jobs.slo.records.ImpactRecord;
import io.phalanx.jobs.slo.records.MetricPoint;
import io.phalanx.jobs.slo.records.RankedIncidents;
import io.phalanx.jobs.slo.records.RankerInput;
import io.phalanx.jobs.slo.records.SliEvent;
import io.phalanx.jobs.slo.records.SloReportInput;
import io.phalanx.jobs.slo.records.SloStatusRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The SLO pipeline: SLI sources → SLI events keyed by SLO → windowed burn rates, budget and alerts
 * → incidents ranked by business impact.
 *
 * <pre>
 *  metric samples ─keyBy(series)─ SliEventExtractor ──┐
 *  segment KPIs ──── SegmentKpiSliExtractor ──────────┤ SliEvent
 *                                                     ▼
 *                       keyBy(slo) SloBurnRateEvaluator ──side output──> AlertTransition
 *                                                     │ SloStatusRecord
 *  impact feed ─────────────────────────────┐         ▼
 *                                           └─> IncidentRanker (one key) ──> RankedIncidents
 * </pre>
 */
public final class SloPipeline {
    private SloPipeline() {}

    public static final TypeInformation<MetricPoint> METRIC_POINT =
            TypeInformation.of(MetricPoint.class);
    public static final TypeInformation<ImpactRecord> IMPACT =
            TypeInformation.of(ImpactRecord.class);
    public static final TypeInformation<SliEvent> SLI_EVENT = TypeInformation.of(SliEvent.class);
    public static final TypeInformation<SloStatusRecord> STATUS =
            TypeInformation.of(SloStatusRecord.class);
    public static final TypeInformation<RankedIncidents> RANKED =
            TypeInformation.of(RankedIncidents.class);

    /**
     * The pipeline's outputs: every evaluation, every alert transition, every re-issued ranking.
     */
    public record Outputs(
            DataStream<SloStatusRecord> statuses,
            DataStream<AlertTransition> alerts,
            DataStream<RankedIncidents> rankings) {}

    /**
     * Wires the pipeline over streams that carry event-time timestamps and watermarks. {@code
     * segmentKpis} and {@code impacts} may be null (no KPI SLIs; impact from the SLO files only).
     */
    public static Outputs build(
            SloCatalog catalog,
            DataStream<MetricPoint> metrics,
            DataStream<SegmentKpi> segmentKpis,
            DataStream<ImpactRecord> impacts,
            Duration incidentCloseAfter) {
        List<SliSource.MetricCounters> counters = new ArrayList<>();
        List<SliSource.PhalanxKpi> kpis = new ArrayList<>();
        for (SliSource s : catalog.sliSources()) {
            if (s instanceof SliSource.MetricCounters m) {
                counters.add(m);
            } else if (s instanceof SliSource.PhalanxKpi k) {
                kpis.add(k);
            }
        }
        DataStream<SliEvent> events =
                metrics.keyBy(p -> p.series, Types.STRING)
                        .process(new SliEventExtractor(counters), SLI_EVENT)
                        .uid(Uids.SLI_EXTRACTOR)
                        .name("SLI events from metric counters");
        if (segmentKpis != null && !kpis.isEmpty()) {
            events =
                    events.union(
                            segmentKpis
                                    .flatMap(new SegmentKpiSliExtractor(kpis), SLI_EVENT)
                                    .uid(Uids.SEGMENT_KPI_SLI)
                                    .name("SLI events from segment KPIs"));
        }
        SingleOutputStreamOperator<SloStatusRecord> statuses =
                events.keyBy(e -> e.slo, Types.STRING)
                        .process(new SloBurnRateEvaluator(catalog), STATUS)
                        .uid(Uids.SLO_BURN_RATE)
                        .name("SLO burn rates");
        DataStream<AlertTransition> alerts = statuses.getSideOutput(SloBurnRateEvaluator.ALERTS);
        TypeInformation<RankerInput> rankerInput = TypeInformation.of(RankerInput.class);
        DataStream<RankerInput> toRank =
                statuses.map(RankerInput::of, rankerInput)
                        .uid(Uids.INCIDENT_RANKER_INPUT)
                        .name("statuses to rank");
        if (impacts != null) {
            toRank =
                    toRank.union(
                            impacts.map(RankerInput::of, rankerInput)
                                    .uid(Uids.INCIDENT_RANKER_INPUT + "-impact")
                                    .name("impact to rank"));
        }
        DataStream<RankedIncidents> rankings =
                toRank.keyBy(i -> 0, Types.INT)
                        .process(new IncidentRanker(catalog, incidentCloseAfter.toMillis()), RANKED)
                        .uid(Uids.INCIDENT_RANKER)
                        .name("incident ranking")
                        .setParallelism(1);
        return new Outputs(statuses, alerts, rankings);
    }

    /**
     * The replay's SLO part: the side files of {@code options} as sources (bounded out-of-orderness
     * watermarks), the pipeline, and the SLO section merged into the network {@code report} (one
     * JSON element at the end of input). Returns {@code report} unchanged when no SLO is
     * configured. {@code segmentKpis} may be null.
     */
    public static DataStream<String> addToReplay(
            StreamExecutionEnvironment env,
            DataStream<String> report,
            DataStream<SegmentKpi> segmentKpis,
            SloOptions options,
            Duration outOfOrderness) {
        Outputs out = replayStreams(env, segmentKpis, options, outOfOrderness);
        return out == null ? report : mergeIntoReport(report, out, options.catalog());
    }

    /** Every fired burn-rate alert as an incident signal ({@link Signal#sloAlert}). */
    public static DataStream<Signal> alertSignals(Outputs out) {
        return out.alerts()
                .filter(t -> t.transition.equals("fired"))
                .name("fired SLO alerts")
                .map(
                        t -> Signal.sloAlert(t.atMillis, t.slo, t.service, t.shortBurnRate),
                        TypeInformation.of(Signal.class))
                .name("SLO alerts as incident signals");
    }

    /**
     * The replay's SLO streams over the side files of {@code options} (bounded out-of-orderness
     * watermarks); null when no SLO is configured. {@code segmentKpis} may be null.
     */
    public static Outputs replayStreams(
            StreamExecutionEnvironment env,
            DataStream<SegmentKpi> segmentKpis,
            SloOptions options,
            Duration outOfOrderness) {
        if (!options.enabled()) {
            return null;
        }
        DataStream<MetricPoint> metrics =
                env.fromData(options.metrics(), METRIC_POINT)
                        .uid(Uids.SLO_METRICS_SOURCE)
                        .name("metrics side file")
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<MetricPoint>forBoundedOutOfOrderness(
                                                outOfOrderness)
                                        .withTimestampAssigner((p, prev) -> p.timestampMillis))
                        .setParallelism(1);
        DataStream<ImpactRecord> impacts =
                options.impacts().isEmpty()
                        ? null
                        : env.fromData(options.impacts(), IMPACT)
                                .uid(Uids.SLO_IMPACT_SOURCE)
                                .name("impact side file")
                                .setParallelism(1)
                                .assignTimestampsAndWatermarks(
                                        WatermarkStrategy.<ImpactRecord>forBoundedOutOfOrderness(
                                                        outOfOrderness)
                                                .withTimestampAssigner(
                                                        (r, prev) -> r.timestampMillis))
                                .setParallelism(1);
        return build(
                options.catalog(), metrics, segmentKpis, impacts, options.incidentCloseAfter());
    }

    /** Adds {@code slos[]} and the ranked SLO incidents to the report at the end of input. */
    public static DataStream<String> mergeIntoReport(
            DataStream<String> report, Outputs out, SloCatalog catalog) {
        TypeInformation<SloReportInput> in = TypeInformation.of(SloReportInput.class);
        return out.statuses()
                .map(SloReportInput::of, in)
                .name("statuses to report")
                .union(
                        out.alerts().map(SloReportInput::of, in).name("alerts to report"),
                        out.rankings().map(SloReportInput::of, in).name("rankings to report"),
                        report.map(SloReportInput::ofReport, in).name("network report"))
                .keyBy(i -> 0, Types.INT)
                .process(new SloReportMerger(catalog), Types.STRING)
                .uid(Uids.SLO_REPORT)
                .name("SLO report section")
                .setParallelism(1);
    }

    /** The side files' dead letters as a stream (null when there are none). */
    public static DataStream<DeadLetter> deadLetters(
            StreamExecutionEnvironment env, SloOptions options) {
        if (options.deadLetters().isEmpty()) {
            return null;
        }
        return env.fromData(options.deadLetters(), TypeInformation.of(DeadLetter.class))
                .uid(Uids.SLO_DEAD_LETTER_SOURCE)
                .name("side-file dead letters")
                .setParallelism(1);
    }
}
