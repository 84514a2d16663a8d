package io.phalanx.connectors.kafka;

import io.phalanx.connectors.pcap.CaptureRecord;
import io.phalanx.core.capture.CaptureFrame;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.capture.PacketBatch;
import io.phalanx.core.packet.PacketDecoder;
import io.phalanx.core.packet.PacketEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one packets-topic record (a {@link PacketBatch} keyed by capture point) into {@link
 * CaptureRecord}s: one decoded packet per IP frame, with the same decoder and the same dead-letter
 * reasons as capture files, so Kafka and file replays agree packet for packet.
 *
 * <p>Dead letters name the record as {@code kafka:<topic>/<partition>@<offset>} and the frame index
 * in the batch as the position: a record without key, from an undeclared capture point, or whose
 * batch header is broken is one dead letter; a bad frame is one dead letter and the frames around
 * it still count. Non-IP frames are skipped, as in files. One {@link PacketDecoder} per capture
 * point, since the decoder remembers fragments of its own stream.
 */
public final class PacketBatchDeserializer
        implements KafkaRecordDeserializationSchema<CaptureRecord> {
    private static final long serialVersionUID = 1L;

    private final List<String> capturePoints;
    private transient Set<String> known;
    private transient Map<String, PacketDecoder> decoders;
    private transient CaptureFrame frame;

    /** Accepts batches from these capture points only; others are dead letters. */
    public PacketBatchDeserializer(List<String> capturePoints) {
        this.capturePoints = new ArrayList<>(capturePoints);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        init();
    }

    private void init() {
        known = new TreeSet<>(capturePoints);
        decoders = new HashMap<>();
        frame = new CaptureFrame();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CaptureRecord> out) {
        if (known == null) {
            init();
        }
        String where = "kafka:" + record.topic() + "/" + record.partition() + "@" + record.offset();
        if (record.key() == null) {
            out.collect(
                    dead(where, null, 0, "record has no key: the key must name the capture point"));
            return;
        }
        String cp = new String(record.key(), StandardCharsets.UTF_8);
        if (!known.contains(cp)) {
            out.collect(
                    dead(
                            where,
                            cp,
                            0,
                            "unknown capture point '"
                                    + cp
                                    + "' (declared: "
                                    + String.join(", ", known)
                                    + ")"));
            return;
        }
        PacketBatch.Reader batch;
        try {
            batch = new PacketBatch.Reader(record.value());
        } catch (PacketBatch.InvalidBatchException e) {
            out.collect(dead(where, cp, 0, e.getMessage()));
            return;
        }
        PacketDecoder decoder = decoders.computeIfAbsent(cp, k -> new PacketDecoder());
        try {
            while (batch.next(frame)) {
                PacketEvent p = new PacketEvent();
                switch (decoder.decode(
                        frame.linkType, frame.buf, frame.offset, frame.capturedLen, p)) {
                    case PACKET -> {
                        p.capturePoint = cp;
                        p.tsNanos = frame.tsNanos;
                        p.fileOffset = record.offset();
                        p.wireLen = frame.wireLen;
                        p.capturedLen = frame.capturedLen;
                        out.collect(CaptureRecord.of(p));
                    }
                    case NOT_IP -> {}
                    default ->
                            out.collect(
                                    dead(
                                            where,
                                            cp,
                                            batch.index() - 1,
                                            "frame "
                                                    + (batch.index() - 1)
                                                    + ": "
                                                    + decoder.reason()));
                }
            }
        } catch (PacketBatch.InvalidBatchException e) {
            out.collect(dead(where, cp, batch.index(), e.getMessage()));
        }
    }

    private static CaptureRecord dead(String where, String cp, long frameIndex, String reason) {
        return CaptureRecord.of(new DeadLetter(where, cp, frameIndex, reason));
    }

    @Override
    public TypeInformation<CaptureRecord> getProducedType() {
        return TypeInformation.of(CaptureRecord.class);
    }
}
