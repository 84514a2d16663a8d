package io.phalanx.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The JSON feed topics as one Flink source of {@link FeedRecord}s (undecoded, with positions). */
public final class FeedSources {
    private FeedSources() {}

    public static KafkaSource<FeedRecord> feeds(
            String bootstrapServers, List<String> topics, String groupId, boolean bounded) {
        KafkaSourceBuilder<FeedRecord> b =
                KafkaSource.<FeedRecord>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(topics)
                        .setGroupId(groupId)
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new Deserializer())
                        .setProperty("isolation.level", "read_committed");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    static final class Deserializer implements KafkaRecordDeserializationSchema<FeedRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<FeedRecord> out) {
            FeedRecord f = new FeedRecord();
            f.topic = r.topic();
            f.partition = r.partition();
            f.offset = r.offset();
            f.timestamp = r.timestamp();
            f.key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            f.value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
            out.collect(f);
        }

        @Override
        public TypeInformation<FeedRecord> getProducedType() {
            return TypeInformation.of(FeedRecord.class);
        }
    }
}
