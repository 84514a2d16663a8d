package io.phalanx.jobs.platform.records;

/**
 * What the ontology builder consumes, as JSON text: a stitched conversation summary, a network
 * view, a topology declaration, or ready-made ontology change records (from the feeds). Flink POJO.
 */
public class OntologyInput {
    public static final String CONVERSATION = "conversation";
    public static final String NETWORK = "network";
    public static final String DECLARATION = "declaration";
    public static final String CHANGE = "change";

    public String kind;
    public String json;
    public long timestamp;

    public OntologyInput() {}

    public OntologyInput(String kind, String json, long timestamp) {
        this.kind = kind;
        this.json = json;
        this.timestamp = timestamp;
    }
}
