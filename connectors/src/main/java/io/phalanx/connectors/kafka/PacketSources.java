package io.phalanx.connectors.kafka;

import io.phalanx.connectors.pcap.CaptureRecord;
import java.util.List;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The packets topic as a Flink source of {@link CaptureRecord}s. Each partition is a split with its
 * own watermark (FLIP-27 per-split watermarks), so a capture point whose partition lags holds the
 * watermark back only by the configured out-of-orderness, and an idle one stops counting after the
 * idleness timeout the job sets on its watermark strategy.
 */
public final class PacketSources {
    private PacketSources() {}

    /**
     * Reads {@code topic} from the committed offsets of {@code groupId} (the earliest offset the
     * first time). {@code bounded}: stop at the offsets that are the latest when the job starts —
     * replaying what has been published so far, as a finite job.
     */
    public static KafkaSource<CaptureRecord> packets(
            String bootstrapServers,
            String topic,
            String groupId,
            List<String> capturePoints,
            boolean bounded) {
        KafkaSourceBuilder<CaptureRecord> b =
                KafkaSource.<CaptureRecord>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new PacketBatchDeserializer(capturePoints))
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "30000");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }
}
