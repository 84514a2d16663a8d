package io.phalanx.jobs.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.connectors.kafka.FeedRecord;
import io.phalanx.connectors.kafka.FeedSources;
import io.phalanx.connectors.kafka.KafkaSinks;
import io.phalanx.connectors.kafka.KeyedValue;
import io.phalanx.connectors.kafka.PacketSources;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.connectors.pcap.CaptureRecord;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.incident.LlmNarrator;
import io.phalanx.core.incident.PatternRules;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.kpi.SegmentKpiJson;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.ConversationState;
import io.phalanx.core.stitch.ConversationSummaries;
import io.phalanx.jobs.Uids;
import io.phalanx.jobs.incident.IncidentPipeline;
import io.phalanx.jobs.incident.functions.IncidentCorrelator;
import io.phalanx.jobs.platform.functions.FeedFacts;
import io.phalanx.jobs.platform.functions.OntologyBuilder;
import io.phalanx.jobs.platform.records.OntologyInput;
import io.phalanx.jobs.replay.Stitching;
import io.phalanx.jobs.replay.functions.NetworkAnalyzer;
import io.phalanx.jobs.replay.functions.SplitDeadLetters;
import io.phalanx.jobs.replay.serialization.SerializerTypeInfo;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The always-on pipeline: packets from the Kafka packets topic (published by capture agents or
 * {@code phalanx publish}) are stitched into conversations exactly as in a file replay, and the
 * results go to Kafka topics with exactly-once sinks:
 *
 * <pre>
 * phalanx.packets.v1 ─KafkaSource(per-partition watermarks, idleness)─split dead letters─┐
 *                                          keyBy(five-tuple hash) → HopStitcher (RocksDB) │
 *          ConversationState ──json──> phalanx.conversations.v1                          │
 *                            └──> NetworkAnalyzer (offsets, paths, segments, diagnosis)   │
 *                                       ──> phalanx.network.v1                           │
 *                                           dead letters ──json──> phalanx.dead-letters.v1
 *          stitcher KPI slices ──> SegmentKpiAggregator ──> phalanx.segment-kpis.v1
 *          segment KPIs + feed signals ──> CEP patterns ──> IncidentCorrelator ──> phalanx.incidents.v1
 * metrics, logs, deploys, topology, impact topics ─FeedFacts (bad JSON: dead letters)─┐
 *      conversations, network views, feed facts ──> OntologyBuilder ──> phalanx.ontology.v1
 * </pre>
 *
 * Results become visible to {@code read_committed} consumers when the checkpoint covering them
 * completes, so checkpointing must be on (the CLI and {@link #main} enable it). Every operator has
 * a stable uid ({@link Uids}) so savepoints survive upgrades.
 */
public final class PlatformJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON feed topics the job reads (before the topic prefix). */
    static final List<String> FEEDS =
            List.of(Topics.METRICS, Topics.LOGS, Topics.DEPLOYS, Topics.TOPOLOGY, Topics.IMPACT);

    /** Incident pattern thresholds and the KPI interval: the defaults of docs/INCIDENTS.md. */
    static final PatternRules PATTERNS = PatternRules.defaults();

    /** An incident without a new detection for this long (event time) is resolved. */
    static final java.time.Duration INCIDENT_QUIET_PERIOD = java.time.Duration.ofMinutes(5);

    private PlatformJob() {}

    /** Wires the pipeline into {@code env}; the caller executes it. */
    public static void build(StreamExecutionEnvironment env, PlatformOptions o) {
        List<String> capturePoints = o.capturePoints();
        WatermarkStrategy<CaptureRecord> watermarks =
                WatermarkStrategy.<CaptureRecord>forBoundedOutOfOrderness(o.outOfOrderness())
                        .withTimestampAssigner(
                                (r, previous) ->
                                        r.packet != null
                                                ? Math.floorDiv(r.packet.tsNanos, 1_000_000L)
                                                : Long.MIN_VALUE)
                        .withIdleness(o.sourceIdleness());
        SingleOutputStreamOperator<PacketEvent> packets =
                env.fromSource(
                                PacketSources.packets(
                                        o.bootstrapServers(),
                                        o.topic(Topics.PACKETS),
                                        o.groupId(),
                                        capturePoints,
                                        o.bounded()),
                                watermarks,
                                "packets topic")
                        .uid(Uids.KAFKA_PACKETS)
                        .process(new SplitDeadLetters(), SerializerTypeInfo.PACKET_EVENT)
                        .uid(Uids.KAFKA_DEAD_LETTER_SPLIT)
                        .name("split dead letters");
        SingleOutputStreamOperator<OntologyInput> feedFacts =
                env.fromSource(
                                FeedSources.feeds(
                                        o.bootstrapServers(),
                                        FEEDS.stream().map(o::topic).toList(),
                                        o.groupId() + "-feeds",
                                        o.bounded()),
                                WatermarkStrategy.<FeedRecord>forBoundedOutOfOrderness(
                                                o.outOfOrderness())
                                        .withTimestampAssigner((r, previous) -> r.timestamp)
                                        .withIdleness(o.sourceIdleness()),
                                "feed topics")
                        .uid(Uids.KAFKA_FEEDS)
                        .process(new FeedFacts(), TypeInformation.of(OntologyInput.class))
                        .uid(Uids.FEED_FACTS)
                        .name("feed facts");
        // The network analyzer counts the packets' dead letters only: its event time is the
        // packets', and a quiet feed topic must never hold its timers back.
        DataStream<DeadLetter> deadLetters = packets.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
        DataStream<DeadLetter> allDeadLetters =
                deadLetters.union(feedFacts.getSideOutput(FeedFacts.DEAD_LETTERS));

        SingleOutputStreamOperator<ConversationState> conversations =
                Stitching.conversations(
                        packets,
                        capturePoints,
                        o.matchWindow(),
                        o.idleTimeout(),
                        PATTERNS.kpiIntervalMs());

        // Segment KPIs per interval as event time advances, and the incidents the CEP patterns
        // find in them and in the feeds (metrics, logs, deploys), re-issued as versioned updates.
        DataStream<SegmentKpi> segmentKpis =
                Stitching.segmentKpis(
                        conversations,
                        capturePoints,
                        o.topology(),
                        o.matchWindow(),
                        PATTERNS.kpiIntervalMs());
        segmentKpis
                .map(
                        k -> new KeyedValue(k.from() + "->" + k.to(), SegmentKpiJson.toJson(k)),
                        TypeInformation.of(KeyedValue.class))
                .uid(Uids.SEGMENT_KPI_JSON)
                .name("segment KPI json")
                .setParallelism(1)
                .sinkTo(sink(o, Topics.SEGMENT_KPIS, "segment-kpis"))
                .uid(Uids.SEGMENT_KPIS_SINK)
                .name("segment KPIs topic")
                .setParallelism(1);

        SingleOutputStreamOperator<KeyedValue> conversationJson =
                conversations
                        .map(new ConversationJson(capturePoints))
                        .uid(Uids.CONVERSATION_JSON)
                        .name("conversation json");
        conversationJson
                .sinkTo(sink(o, Topics.CONVERSATIONS, "conversations"))
                .uid(Uids.CONVERSATIONS_SINK)
                .name("conversations topic");

        SingleOutputStreamOperator<String> views =
                conversations
                        .keyBy(s -> 0)
                        .connect(deadLetters.keyBy(d -> 0))
                        .process(
                                new NetworkAnalyzer(
                                        capturePoints,
                                        o.maxConversations(),
                                        o.topology(),
                                        o.diagnosisRules(),
                                        o.reportInterval().toMillis()))
                        .uid(Uids.NETWORK_ANALYZER)
                        .name("network analyzer")
                        .setParallelism(1);
        IncidentPipeline.build(
                        segmentKpis,
                        feedFacts.getSideOutput(FeedFacts.SIGNALS),
                        null,
                        views,
                        PATTERNS,
                        o.diagnosisRules(),
                        LlmNarrator.Config.fromEnvironment(System.getenv()),
                        INCIDENT_QUIET_PERIOD.toMillis())
                .getSideOutput(IncidentCorrelator.UPDATES)
                .map(
                        u -> new KeyedValue(IncidentUpdates.id(u), u),
                        TypeInformation.of(KeyedValue.class))
                .uid(Uids.INCIDENT_JSON)
                .name("incident updates json")
                .setParallelism(1)
                .sinkTo(sink(o, Topics.INCIDENTS, "incidents"))
                .uid(Uids.INCIDENTS_SINK)
                .name("incidents topic")
                .setParallelism(1);

        views.map(json -> new KeyedValue("network", json), TypeInformation.of(KeyedValue.class))
                .uid(Uids.NETWORK_JSON)
                .name("network view json")
                .setParallelism(1)
                .sinkTo(sink(o, Topics.NETWORK, "network"))
                .uid(Uids.NETWORK_SINK)
                .name("network topic")
                .setParallelism(1);

        DataStream<OntologyInput> ontologyInput =
                conversationJson
                        .map(
                                c ->
                                        new OntologyInput(
                                                OntologyInput.CONVERSATION,
                                                c.value,
                                                System.currentTimeMillis()),
                                TypeInformation.of(OntologyInput.class))
                        .uid(Uids.ONTOLOGY_CONVERSATIONS)
                        .name("conversations to ontology")
                        .union(
                                views.map(
                                                v ->
                                                        new OntologyInput(
                                                                OntologyInput.NETWORK,
                                                                v,
                                                                System.currentTimeMillis()),
                                                TypeInformation.of(OntologyInput.class))
                                        .uid(Uids.ONTOLOGY_VIEWS)
                                        .name("network views to ontology")
                                        .setParallelism(1),
                                feedFacts);
        ontologyInput
                .keyBy(i -> 0)
                .process(new OntologyBuilder(), TypeInformation.of(KeyedValue.class))
                .uid(Uids.ONTOLOGY_BUILDER)
                .name("ontology builder")
                .setParallelism(1)
                .sinkTo(sink(o, Topics.ONTOLOGY, "ontology"))
                .uid(Uids.ONTOLOGY_SINK)
                .name("ontology topic")
                .setParallelism(1);

        allDeadLetters
                .map(
                        d -> new KeyedValue(d.capturePoint, JSON.writeValueAsString(d)),
                        TypeInformation.of(KeyedValue.class))
                .uid(Uids.DEAD_LETTER_JSON)
                .name("dead letter json")
                .sinkTo(sink(o, Topics.DEAD_LETTERS, "dead-letters"))
                .uid(Uids.DEAD_LETTERS_SINK)
                .name("dead letters topic");
    }

    /**
     * Entry point for cluster submission ({@code flink run}): options as in {@link
     * PlatformJobOptions}, e.g. {@code --platform.bootstrap kafka:9092 --platform.capture-points
     * "hop1;hop2"}. Checkpointing (needed by the exactly-once sinks) comes from the cluster's
     * config.yaml, or every 10 s when it sets none.
     */
    public static void main(String[] args) throws Exception {
        org.apache.flink.configuration.Configuration conf =
                org.apache.flink.configuration.Configuration.fromMap(
                        org.apache.flink.util.ParameterTool.fromArgs(args).toMap());
        PlatformOptions options = PlatformJobOptions.read(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(10_000);
        }
        build(env, options);
        env.execute("phalanx platform");
    }

    private static org.apache.flink.connector.kafka.sink.KafkaSink<KeyedValue> sink(
            PlatformOptions o, String topic, String name) {
        return KafkaSinks.exactlyOnce(
                o.bootstrapServers(), o.topic(topic), o.transactionalIdPrefix() + "-" + name);
    }

    /** The incident id of an update record ({@code {"v":1,"id":...}}), its Kafka key. */
    static final class IncidentUpdates {
        private IncidentUpdates() {}

        static String id(String update) throws Exception {
            return JSON.readTree(update).path("id").asText(null);
        }
    }

    /** A finished conversation as its JSON summary, keyed by Community ID. */
    static final class ConversationJson implements MapFunction<ConversationState, KeyedValue> {
        private static final long serialVersionUID = 1L;
        private final List<String> capturePoints;

        ConversationJson(List<String> capturePoints) {
            this.capturePoints = List.copyOf(capturePoints);
        }

        @Override
        public KeyedValue map(ConversationState s) throws Exception {
            var summary = ConversationSummaries.summarize(s, capturePoints);
            return new KeyedValue(summary.communityId, JSON.writeValueAsString(summary));
        }
    }
}
