package io.phalanx.connectors.kafka;

import io.phalanx.core.capture.CaptureFrame;
import io.phalanx.core.capture.PacketBatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes captured frames to the packets topic, batched per capture point ({@link PacketBatch}): the
 * capture agent and {@code phalanx publish} both use it. A capture point's batches share one key,
 * so they land on one partition in capture order, which the stitcher relies on.
 *
 * <p>A batch is sent when it holds {@code maxFrames} frames or {@code maxBytes} bytes, when its
 * oldest frame has waited {@code linger} (checked on every add and by {@link #flushDue()}), or on
 * {@link #flush()}/{@link #close()}. The producer is idempotent with {@code acks=all}: a retried
 * batch is not written twice. A send that fails after the producer's own retries is remembered and
 * rethrown by the next call, so a capture never loses packets silently. Not thread-safe.
 */
public final class PacketPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final int maxFrames;
    private final int maxBytes;
    private final long lingerNanos;
    private final Map<String, Pending> pending = new HashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long frames;
    private long batches;
    private long bytes;

    private static final class Pending {
        final PacketBatch.Writer writer;
        long firstNanos;

        Pending(int capacity) {
            writer = new PacketBatch.Writer(capacity);
        }
    }

    public PacketPublisher(
            String bootstrapServers, String topic, int maxFrames, int maxBytes, Duration linger) {
        this(
                new KafkaProducer<>(producerProperties(bootstrapServers)),
                topic,
                maxFrames,
                maxBytes,
                linger);
    }

    PacketPublisher(
            Producer<String, byte[]> producer,
            String topic,
            int maxFrames,
            int maxBytes,
            Duration linger) {
        if (maxFrames < 1 || maxBytes < 64) {
            throw new IllegalArgumentException("a batch must allow at least 1 frame and 64 bytes");
        }
        this.producer = producer;
        this.topic = topic;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.lingerNanos = linger.toNanos();
    }

    /**
     * Producer settings: idempotent, all replicas, one request in flight, lz4 (raw headers compress
     * about 3x).
     */
    public static Properties producerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight per broker: a batch refused right after the topic was created
        // (NOT_LEADER_OR_FOLLOWER) is resent before the next one, so the broker never sees the
        // sequence numbers out of order (seen here with clients 4.2 against broker 4.4: the
        // producer then retried OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout).
        // Throughput comes from large batches, not from pipelining.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "phalanx-packets");
        return p;
    }

    /** Adds one frame seen at {@code capturePoint}. */
    public void add(String capturePoint, CaptureFrame f) {
        rethrow();
        Pending p =
                pending.computeIfAbsent(
                        capturePoint, k -> new Pending(Math.min(maxBytes, 1 << 16)));
        long now = System.nanoTime();
        if (!p.writer.add(f.linkType, f.tsNanos, f.wireLen, f.buf, f.offset, f.capturedLen)) {
            send(capturePoint, p);
            p.writer.add(f.linkType, f.tsNanos, f.wireLen, f.buf, f.offset, f.capturedLen);
        }
        if (p.writer.count() == 1) {
            p.firstNanos = now;
        }
        frames++;
        if (p.writer.count() >= maxFrames
                || p.writer.size() >= maxBytes
                || now - p.firstNanos >= lingerNanos) {
            send(capturePoint, p);
        }
    }

    /**
     * Sends the batches whose oldest frame has waited the linger time (call when input is idle).
     */
    public void flushDue() {
        rethrow();
        long now = System.nanoTime();
        pending.forEach(
                (cp, p) -> {
                    if (p.writer.count() > 0 && now - p.firstNanos >= lingerNanos) {
                        send(cp, p);
                    }
                });
    }

    /** Sends every pending batch and waits until the broker has acknowledged all of them. */
    public void flush() {
        pending.forEach((cp, p) -> send(cp, p));
        producer.flush();
        rethrow();
    }

    public long frames() {
        return frames;
    }

    public long batches() {
        return batches;
    }

    /** Batch bytes handed to the producer (before compression). */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }

    private void send(String capturePoint, Pending p) {
        if (p.writer.count() == 0) {
            return;
        }
        byte[] value = p.writer.toByteArray();
        p.writer.reset();
        batches++;
        bytes += value.length;
        producer.send(
                new ProducerRecord<>(topic, capturePoint, value),
                (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException(
                    "publishing packets to " + topic + " failed: " + e.getMessage(), e);
        }
    }
}
