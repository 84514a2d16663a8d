package io.phalanx.connectors.kafka;

/**
 * One record of a JSON feed topic (metrics, logs, deploys, topology, impact) with its position, so
 * that a record that does not parse can be dead-lettered as {@code kafka:<topic>/<p>@<offset>}. The
 * value is kept as text; parsing (and its errors) belong to the job. Flink POJO.
 */
public class FeedRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public String key;
    public String value;

    public FeedRecord() {}

    public String position() {
        return "kafka:" + topic + "/" + partition + "@" + offset;
    }
}
