package io.phalanx.jobs;

/**
 * Stable operator uids: savepoints map state to operators by these, so they never change once
 * released. Sources get {@code source-<capture point>}, their dead-letter split {@code
 * dead-letter-split-<capture point>}.
 */
public final class Uids {
    private Uids() {}

    public static final String DEAD_LETTER_FILE = "dead-letter-file";
    public static final String HOP_STITCHER = "hop-stitcher";
    public static final String NETWORK_ANALYZER = "network-analyzer";

    // Segment KPIs and incidents (io.phalanx.jobs.incident.IncidentPipeline).
    public static final String SEGMENT_KPIS = "segment-kpis";
    public static final String SIDE_FILES = "side-files";
    public static final String SIDE_FILES_WATERMARKS = "side-files-watermarks";
    public static final String SIDE_FILE_DEAD_LETTERS = "side-file-dead-letters";
    public static final String KPI_SIGNALS = "kpi-signals";
    public static final String CPU_AND_TIMEOUTS = "cpu-and-timeouts";
    public static final String DEPLOYS = "deploys";
    public static final String PATTERN_LATENCY_STEP = "pattern-latency-step";
    public static final String PATTERN_CONGESTION = "pattern-congestion";
    public static final String PATTERN_LOSS_BURST = "pattern-loss-burst";
    public static final String PATTERN_REORDERING = "pattern-reordering";
    public static final String PATTERN_RETRANSMISSION_STORM = "pattern-retransmission-storm";
    public static final String PATTERN_CPU_TIMEOUTS = "pattern-cpu-timeouts";
    public static final String PATTERN_DEPLOY_REGRESSION = "pattern-deploy-regression";
    public static final String INCIDENT_CORRELATOR = "incident-correlator";

    // The streaming platform (PlatformJob). The stitcher and analyzer share the replay's uids: the
    // same operators, so a savepoint of one maps onto the other.
    public static final String KAFKA_PACKETS = "kafka-packets";
    public static final String KAFKA_DEAD_LETTER_SPLIT = "kafka-dead-letter-split";
    public static final String CONVERSATION_JSON = "conversation-json";
    public static final String CONVERSATIONS_SINK = "conversations-sink";
    public static final String NETWORK_JSON = "network-json";
    public static final String NETWORK_SINK = "network-sink";
    public static final String DEAD_LETTER_JSON = "dead-letter-json";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String KAFKA_FEEDS = "kafka-feeds";
    public static final String FEED_FACTS = "feed-facts";
    public static final String ONTOLOGY_CONVERSATIONS = "ontology-conversations";
    public static final String ONTOLOGY_VIEWS = "ontology-views";
    public static final String ONTOLOGY_BUILDER = "ontology-builder";
    public static final String ONTOLOGY_SINK = "ontology-sink";
    public static final String SEGMENT_KPI_JSON = "segment-kpi-json";
    public static final String SEGMENT_KPIS_SINK = "segment-kpis-sink";
    public static final String INCIDENT_JSON = "incident-json";
    public static final String INCIDENTS_SINK = "incidents-sink";

    // SLO burn rates and incident ranking (io.phalanx.jobs.slo.SloPipeline).
    public static final String SLO_METRICS_SOURCE = "slo-metrics-source";
    public static final String SLO_IMPACT_SOURCE = "slo-impact-source";
    public static final String SLO_DEAD_LETTER_SOURCE = "slo-dead-letter-source";
    public static final String SLI_EXTRACTOR = "sli-extractor";
    public static final String SEGMENT_KPI_SLI = "segment-kpi-sli";
    public static final String SLO_BURN_RATE = "slo-burn-rate";
    public static final String INCIDENT_RANKER_INPUT = "incident-ranker-input";
    public static final String INCIDENT_RANKER = "incident-ranker";
    public static final String SLO_REPORT = "slo-report";

    public static String source(String capturePoint) {
        return "source-" + capturePoint;
    }

    public static String deadLetterSplit(String capturePoint) {
        return "dead-letter-split-" + capturePoint;
    }
}
