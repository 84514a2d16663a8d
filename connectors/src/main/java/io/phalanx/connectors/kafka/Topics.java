package io.phalanx.connectors.kafka;

/**
 * The topic names of docs/TOPICS.md. A name ends in the schema version of its values, so a breaking
 * change is a new topic that old and new jobs can share a cluster with during an upgrade.
 */
public final class Topics {
    /** Raw frames batched per capture point ({@code PacketBatch}); key: capture point. */
    public static final String PACKETS = "phalanx.packets.v1";

    public static final String METRICS = "phalanx.metrics.v1";
    public static final String LOGS = "phalanx.logs.v1";
    public static final String DEPLOYS = "phalanx.deploys.v1";
    public static final String TOPOLOGY = "phalanx.topology.v1";
    public static final String IMPACT = "phalanx.impact.v1";

    /** Stitched conversations as they close or time out; key: Community ID. */
    public static final String CONVERSATIONS = "phalanx.conversations.v1";

    /** Per-interval figures of each segment; key: {@code from>to}. */
    public static final String SEGMENT_KPIS = "phalanx.segment-kpis.v1";

    /** The network view (offsets, paths, segments, diagnosis so far) re-issued periodically. */
    public static final String NETWORK = "phalanx.network.v1";

    public static final String ONTOLOGY = "phalanx.ontology.v1";
    public static final String INCIDENTS = "phalanx.incidents.v1";
    public static final String DEAD_LETTERS = "phalanx.dead-letters.v1";

    private Topics() {}
}
