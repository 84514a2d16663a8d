package io.phalanx.jobs.replay.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.diagnosis.NetworkDiagnosis;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.stitch.ClockOffsetEstimator;
import io.phalanx.core.stitch.ConversationState;
import io.phalanx.core.stitch.ConversationSummaries;
import io.phalanx.core.stitch.HostPairAggregate;
import io.phalanx.core.stitch.SegmentAnalyzer;
import io.phalanx.core.stitch.Topology;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The network-wide view, built from every finished conversation (one key, parallelism 1): merges
 * conversations per host pair, keeps the conversation summaries and the dead letters, and at the
 * end of input estimates the clock offsets, paths and segments and emits the {@link ReplayReport}
 * as JSON (the report holds lists, which Flink would only serialize with Kryo).
 *
 * <p>State: the per-host-pair aggregates (bounded by the number of host pairs), up to {@code
 * maxConversations} conversation summaries as JSON (the rest are counted), up to {@link
 * #DEAD_LETTER_SAMPLE} dead letters and the totals. It is all cleared when the report is emitted.
 */
public class NetworkAnalyzer
        extends KeyedCoProcessFunction<Integer, ConversationState, DeadLetter, String> {
    private static final long serialVersionUID = 1L;
    static final int DEAD_LETTER_SAMPLE = 20;

    /** {@code generatedBy} of the view emitted at the end of input. */
    public static final String FINAL_VIEW = "phalanx: final network view";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> capturePoints;
    private final int maxConversations;
    private final Topology topology;
    private final DiagnosisRules diagnosisRules;
    private final long viewIntervalMs;

    private transient MapState<String, HostPairAggregate> aggregates;
    private transient ListState<String> conversations;
    private transient ListState<String> deadLetterSample;
    private transient ValueState<Totals> totals;

    /** Running counts. Flink POJO. */
    public static class Totals {
        public long conversations;
        public long distinctPackets;
        public long lateObservations;
        public long deadLetters;
        public boolean timerSet;

        /** Event time of the next periodic network view; 0 when none is scheduled. */
        public long nextView;

        public Totals() {}
    }

    public NetworkAnalyzer(
            List<String> capturePoints,
            int maxConversations,
            Topology topology,
            DiagnosisRules diagnosisRules) {
        this(capturePoints, maxConversations, topology, diagnosisRules, 0);
    }

    /**
     * An analyzer that also emits the network view so far every {@code viewIntervalMs} of event
     * time (0: only at the end of input), for pipelines that never end. A periodic view keeps the
     * state; only the final one clears it.
     */
    public NetworkAnalyzer(
            List<String> capturePoints,
            int maxConversations,
            Topology topology,
            DiagnosisRules diagnosisRules,
            long viewIntervalMs) {
        if (viewIntervalMs < 0) {
            throw new IllegalArgumentException("the view interval must be >= 0");
        }
        this.capturePoints = new ArrayList<>(capturePoints);
        this.maxConversations = maxConversations;
        this.topology = topology;
        this.diagnosisRules = diagnosisRules;
        this.viewIntervalMs = viewIntervalMs;
    }

    /**
     * Domain metrics of the latest view, for dashboards and alerting: per segment ({@code
     * segment=<from>-><to>}) the median and p99 one-way latency in ms and the loss ratio, and the
     * number of incidents the diagnosis holds open. Gauges read the last view; registered when a
     * segment first appears.
     */
    private void publishMetrics(ReplayReport report) {
        openIncidents = report.incidents.size();
        for (ReplayReport.Segment s : report.segments) {
            String key = s.from + "->" + s.to;
            double[] v = segmentFigures.get(key);
            if (v == null) {
                double[] figures = new double[3];
                segmentFigures.put(key, figures);
                var group = getRuntimeContext().getMetricGroup().addGroup("segment", key);
                group.gauge(
                        "latencyP50Ms", (org.apache.flink.metrics.Gauge<Double>) () -> figures[0]);
                group.gauge(
                        "latencyP99Ms", (org.apache.flink.metrics.Gauge<Double>) () -> figures[1]);
                group.gauge("lossRatio", (org.apache.flink.metrics.Gauge<Double>) () -> figures[2]);
                v = figures;
            }
            v[0] = s.latencyMs == null ? Double.NaN : s.latencyMs.p50;
            v[1] = s.latencyMs == null ? Double.NaN : s.latencyMs.p99;
            v[2] = s.lossRatio;
        }
    }

    private transient java.util.Map<String, double[]> segmentFigures;
    private transient volatile int openIncidents;

    @Override
    public void open(OpenContext ctx) {
        segmentFigures = new java.util.HashMap<>();
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        "openIncidents",
                        (org.apache.flink.metrics.Gauge<Integer>) () -> openIncidents);
        aggregates =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "host-pairs",
                                        Types.STRING,
                                        TypeInformation.of(HostPairAggregate.class)));
        conversations =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("conversations", Types.STRING));
        deadLetterSample =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>("dead-letter-sample", Types.STRING));
        totals =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "totals", TypeInformation.of(Totals.class)));
    }

    private Totals totals(Context ctx) throws Exception {
        Totals t = totals.value();
        if (t == null) {
            t = new Totals();
        }
        if (!t.timerSet) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            t.timerSet = true;
        }
        if (viewIntervalMs > 0 && t.nextView == 0) {
            long now =
                    Math.max(
                            ctx.timerService().currentWatermark(),
                            ctx.timestamp() == null ? 0 : ctx.timestamp());
            t.nextView = (Math.floorDiv(now, viewIntervalMs) + 1) * viewIntervalMs;
            ctx.timerService().registerEventTimeTimer(t.nextView);
        }
        return t;
    }

    @Override
    public void processElement1(ConversationState s, Context ctx, Collector<String> out)
            throws Exception {
        Totals t = totals(ctx);
        String key = HostPairAggregate.key(s);
        HostPairAggregate agg = aggregates.get(key);
        if (agg == null) {
            agg = new HostPairAggregate();
        }
        agg.merge(s);
        aggregates.put(key, agg);
        t.conversations++;
        t.distinctPackets += s.dirs[0].packets + s.dirs[1].packets;
        t.lateObservations += s.lateObservations;
        if (t.conversations <= maxConversations) {
            conversations.add(
                    JSON.writeValueAsString(ConversationSummaries.summarize(s, capturePoints)));
        }
        totals.update(t);
    }

    @Override
    public void processElement2(DeadLetter d, Context ctx, Collector<String> out) throws Exception {
        Totals t = totals(ctx);
        t.deadLetters++;
        if (t.deadLetters <= DEAD_LETTER_SAMPLE) {
            deadLetterSample.add(d.toString());
        }
        totals.update(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
            throws Exception {
        Totals t = totals.value();
        boolean last = timestamp == Long.MAX_VALUE;
        if (!last && t != null) {
            // A periodic view; the next one is armed when new input arrives after this one.
            t.nextView = 0;
            totals.update(t);
        }
        ReplayReport report = new ReplayReport();
        report.generatedBy =
                last
                        ? FINAL_VIEW
                        : "phalanx: network view at " + java.time.Instant.ofEpochMilli(timestamp);
        SegmentAnalyzer.NetworkView view =
                new SegmentAnalyzer(ClockOffsetEstimator.withDefaults())
                        .analyze(aggregates.values(), capturePoints, topology);
        long[] packets = new long[capturePoints.size()];
        for (HostPairAggregate agg : aggregates.values()) {
            for (int c = 0; c < packets.length; c++) {
                packets[c] += agg.hopPackets(0, c) + agg.hopPackets(1, c);
            }
        }
        for (int c = 0; c < packets.length; c++) {
            report.capturePoints.add(
                    new ReplayReport.CapturePoint(
                            capturePoints.get(c),
                            packets[c],
                            view.offsetsMs()[c],
                            view.offsetMethods()[c]));
            report.totals.packets += packets[c];
        }
        report.paths = view.paths();
        report.segments = view.segments();
        report.warnings.addAll(view.warnings());
        for (String json : conversations.get()) {
            report.conversations.add(JSON.readValue(json, ReplayReport.Conversation.class));
        }
        report.conversations.sort((a, b) -> Long.compare(a.startNanos, b.startNanos));
        if (t != null) {
            report.totals.conversations = t.conversations;
            report.totals.distinctPackets = t.distinctPackets;
            report.totals.lateObservations = t.lateObservations;
            report.deadLetters.count = t.deadLetters;
        }
        for (String d : deadLetterSample.get()) {
            report.deadLetters.sample.add(d);
        }
        report.incidents = new NetworkDiagnosis(diagnosisRules).diagnose(report);
        publishMetrics(report);
        out.collect(JSON.writeValueAsString(report));
        if (!last) {
            return;
        }
        aggregates.clear();
        conversations.clear();
        deadLetterSample.clear();
        totals.clear();
    }
}
