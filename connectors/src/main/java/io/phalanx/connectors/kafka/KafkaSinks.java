package io.phalanx.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Result sinks of the platform: keyed JSON values to a topic, exactly-once. Records become visible
 * to {@code read_committed} consumers when the checkpoint that covers them completes; the
 * transaction timeout stays under the broker's 15-minute {@code transaction.max.timeout.ms}.
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
                .setRecordSerializer(new KeyedValueSerializer(topic))
                .build();
    }

    /** UTF-8 key and value; the record keeps the element's event timestamp where it has one. */
    static final class KeyedValueSerializer implements KafkaRecordSerializationSchema<KeyedValue> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        KeyedValueSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                KeyedValue v, KafkaSinkContext context, Long timestamp) {
            byte[] key = v.key == null ? null : v.key.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(
                    topic,
                    null,
                    // Records without event time, or emitted at the end of input (Long.MAX_VALUE,
                    // which the broker refuses), get the broker's append time.
                    timestamp == null || timestamp < 0 || timestamp == Long.MAX_VALUE
                            ? null
                            : timestamp,
                    key,
                    v.value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
