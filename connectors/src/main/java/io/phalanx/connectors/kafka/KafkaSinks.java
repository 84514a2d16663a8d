package io.phalanx.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Result sinks of the platform: JSON strings to a topic, exactly-once. Records become visible to
 * {@code read_committed} consumers when the checkpoint that covers them completes; the transaction
 * timeout stays under the broker's 15-minute {@code transaction.max.timeout.ms}.
 */
public final class KafkaSinks {
    /** Under the broker default maximum of 15 minutes (Flink's own default, 1 h, is refused). */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaSinks() {}

    /**
     * An exactly-once sink of keyed JSON values to {@code topic} (a null key lets the partitioner
     * spread records). {@code transactionalIdPrefix} must be unique per job and sink across the
     * cluster.
     */
    public static KafkaSink<KeyedValue> exactlyOnce(
            String bootstrapServers, String topic, String transactionalIdPrefix) {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        p.setProperty("compression.type", "lz4");
        return KafkaSink.<KeyedValue>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(p)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<KeyedValue>builder()
                                .setTopic(topic)
                                .setKeySerializationSchema(
                                        (SerializationSchema<KeyedValue>)
                                                v ->
                                                        v.key == null
                                                                ? null
                                                                : v.key.getBytes(
                                                                        StandardCharsets.UTF_8))
                                .setValueSerializationSchema(
                                        (SerializationSchema<KeyedValue>)
                                                v -> v.value.getBytes(StandardCharsets.UTF_8))
                                .build())
                .build();
    }
}
