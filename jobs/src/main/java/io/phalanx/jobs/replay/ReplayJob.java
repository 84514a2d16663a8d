package io.phalanx.jobs.replay;

import io.phalanx.connectors.deadletter.DeadLetterFileSink;
import io.phalanx.connectors.pcap.CaptureRecord;
import io.phalanx.connectors.pcap.CaptureSources;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.incident.PatternRules;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.ConversationState;
import io.phalanx.jobs.Uids;
import io.phalanx.jobs.incident.IncidentPipeline;
import io.phalanx.jobs.incident.functions.IncidentCorrelator;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import io.phalanx.jobs.replay.functions.NetworkAnalyzer;
import io.phalanx.jobs.replay.functions.SplitDeadLetters;
import io.phalanx.jobs.replay.serialization.SerializerTypeInfo;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Replays capture files of the same traffic taken at several capture points: packets → per
 * conversation stitching across capture points (keyed state, RocksDB in production) → one network
 * analysis that emits the replay report as JSON at the end of input.
 *
 * <p>Each capture file is its own source with its own watermarks, so a file that starts later in
 * time never makes another one late: the stitcher sees the minimum watermark over all files.
 */
public final class ReplayJob {
    private ReplayJob() {}

    /** Wires the pipeline; returns the stream carrying the report JSON (one element). */
    public static DataStream<String> build(StreamExecutionEnvironment env, ReplayOptions options) {
        return buildAll(env, options).report();
    }

    /**
     * Every stream the replay produces.
     *
     * @param report the report JSON (one element, at the end of input)
     * @param segmentKpis per-interval segment KPIs as event time advances (docs/TOPICS.md, "Segment
     *     KPIs")
     * @param incidentUpdates versioned incident updates as evidence arrives (JSON)
     */
    public record Outputs(
            DataStream<String> report,
            DataStream<SegmentKpi> segmentKpis,
            DataStream<String> incidentUpdates) {}

    /** Wires the pipeline and returns all its outputs. */
    public static Outputs buildAll(StreamExecutionEnvironment env, ReplayOptions options) {
        List<String> capturePoints = options.capturePoints();
        WatermarkStrategy<CaptureRecord> watermarks =
                WatermarkStrategy.<CaptureRecord>forBoundedOutOfOrderness(options.outOfOrderness())
                        .withTimestampAssigner(
                                (r, previous) ->
                                        r.packet != null
                                                ? Math.floorDiv(r.packet.tsNanos, 1_000_000L)
                                                : Long.MIN_VALUE);
        DataStream<PacketEvent> packets = null;
        DataStream<DeadLetter> deadLetters = null;
        for (CaptureInput c : options.captures()) {
            String name =
                    c.capturePoint() != null
                            ? c.capturePoint()
                            : "interfaces-" + c.file().getFileName();
            // The split runs at parallelism 1 right behind its source (a forward, chained link):
            // each capture point's packets reach the stitcher in file order, which matching the
            // n-th copy of a repeated packet identity relies on.
            SingleOutputStreamOperator<PacketEvent> split =
                    env.fromSource(
                                    CaptureSources.forFile(c.file(), c.capturePoint()),
                                    watermarks,
                                    "capture " + name + " (" + c.file().getFileName() + ")")
                            .uid(Uids.source(name))
                            .setParallelism(1)
                            .process(new SplitDeadLetters(), SerializerTypeInfo.PACKET_EVENT)
                            .uid(Uids.deadLetterSplit(name))
                            .name("split dead letters " + name)
                            .setParallelism(1);
            DataStream<DeadLetter> dead = split.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
            packets = packets == null ? split : packets.union(split);
            deadLetters = deadLetters == null ? dead : deadLetters.union(dead);
        }
        IncidentPipeline.SideSignals side =
                IncidentPipeline.read(
                        options.incidents().metrics(),
                        options.incidents().logs(),
                        options.incidents().deploys());
        if (!side.deadLetters().isEmpty()) {
            deadLetters =
                    deadLetters.union(
                            env.fromData(side.deadLetters(), TypeInformation.of(DeadLetter.class))
                                    .uid(Uids.SIDE_FILE_DEAD_LETTERS)
                                    .name("side-file dead letters")
                                    .setParallelism(1));
        }
        DataStream<DeadLetter> sloDeadLetters =
                io.phalanx.jobs.slo.SloPipeline.deadLetters(env, options.slo());
        if (sloDeadLetters != null) {
            deadLetters = deadLetters.union(sloDeadLetters);
        }
        if (options.deadLetterFile() != null) {
            deadLetters
                    .sinkTo(new DeadLetterFileSink(options.deadLetterFile()))
                    .uid(Uids.DEAD_LETTER_FILE)
                    .name("dead letters to " + options.deadLetterFile().getFileName())
                    .setParallelism(1);
        }
        PatternRules patternRules = options.incidents().patterns();
        SingleOutputStreamOperator<ConversationState> conversations =
                Stitching.conversations(
                        packets,
                        capturePoints,
                        options.matchWindow(),
                        options.idleTimeout(),
                        patternRules.kpiIntervalMs());
        // Segment KPIs per interval as event time advances (topic phalanx.segment-kpis.v1).
        DataStream<SegmentKpi> segmentKpis =
                Stitching.segmentKpis(
                        conversations,
                        capturePoints,
                        options.topology(),
                        options.matchWindow(),
                        patternRules.kpiIntervalMs());
        DataStream<String> networkReport =
                conversations
                        .keyBy(s -> 0)
                        .connect(deadLetters.keyBy(d -> 0))
                        .process(
                                new NetworkAnalyzer(
                                        capturePoints,
                                        options.maxConversations(),
                                        options.topology(),
                                        options.diagnosisRules()))
                        .uid(Uids.NETWORK_ANALYZER)
                        .name("network analyzer")
                        .setParallelism(1);
        // SLO burn rates and incidents ranked by business impact (none without --slo); fired
        // burn-rate alerts are signals of the incident patterns.
        io.phalanx.jobs.slo.SloPipeline.Outputs slo =
                io.phalanx.jobs.slo.SloPipeline.replayStreams(
                        env, segmentKpis, options.slo(), options.outOfOrderness());
        SingleOutputStreamOperator<String> report =
                IncidentPipeline.build(
                        segmentKpis,
                        IncidentPipeline.sideStream(env, side.signals()),
                        slo == null ? null : io.phalanx.jobs.slo.SloPipeline.alertSignals(slo),
                        networkReport,
                        patternRules,
                        options.diagnosisRules(),
                        options.incidents().llm());
        DataStream<String> withSlos =
                slo == null
                        ? report
                        : io.phalanx.jobs.slo.SloPipeline.mergeIntoReport(
                                report, slo, options.slo().catalog());
        return new Outputs(withSlos, segmentKpis, report.getSideOutput(IncidentCorrelator.UPDATES));
    }

    /**
     * Flink configuration for the embedded run: RocksDB keyed state (incremental checkpoints when
     * checkpointing is on), no Kryo fallback, no restarts, everything on 127.0.0.1.
     */
    public static Configuration embeddedConfiguration(String stateBackend, Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        }
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // No operator keeps a reference to a record it emitted or received (state copies what it
        // keeps), so chained operators may hand records on without a serializer copy.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // One JVM, a handful of channels: 32 MB of network buffers is plenty, and the default
        // 64 MB is a tenth of the process's footprint.
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        return conf;
    }

    /**
     * Entry point for cluster submission ({@code flink run}): options as in {@link
     * ReplayJobOptions}, e.g. {@code --replay.captures "hop1=/data/a.pcap;hop2=/data/b.pcap"}. The
     * report JSON is printed to the TaskManager's stdout.
     */
    public static void main(String[] args) throws Exception {
        ReplayOptions options =
                ReplayJobOptions.read(Configuration.fromMap(ParameterTool.fromArgs(args).toMap()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, options).print().name("report");
        env.execute("phalanx replay");
    }
}
