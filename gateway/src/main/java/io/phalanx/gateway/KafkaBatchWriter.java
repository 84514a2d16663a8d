package io.phalanx.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes one request's records as one Kafka transaction: a {@code read_committed} consumer sees all
 * of them or none, even when the broker fails half way (the transaction is aborted and the request
 * answered 503). This is the second half of the all-or-nothing guarantee; the first is that a
 * payload is validated completely before it gets here.
 *
 * <p>A transactional producer runs one transaction at a time, so the writer keeps a small pool of
 * them ({@code transactional.id} = prefix-0, prefix-1, ...); concurrent requests take turns on
 * them. A restarted gateway with the same prefix fences its previous incarnation, whose open
 * transactions are aborted. A producer that hits an unrecoverable error (fenced, authorization) is
 * replaced by a fresh one with the same id.
 */
final class KafkaBatchWriter implements AutoCloseable {
    /** Kafka refused or failed the batch; nothing of it is visible to read_committed consumers. */
    static final class WriteFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class Slot {
        final String transactionalId;
        Producer<String, String> producer;

        Slot(String transactionalId) {
            this.transactionalId = transactionalId;
        }
    }

    private final BlockingQueue<Slot> slots;
    private final Supplier<Properties> baseProperties;
    private final String topicPrefix;

    KafkaBatchWriter(
            String bootstrapServers,
            String transactionalIdPrefix,
            int producers,
            String topicPrefix) {
        this.topicPrefix = topicPrefix;
        if (producers < 1) {
            throw new IllegalArgumentException("at least one producer");
        }
        this.baseProperties = () -> producerProperties(bootstrapServers);
        this.slots = new ArrayBlockingQueue<>(producers);
        for (int i = 0; i < producers; i++) {
            Slot s = new Slot(transactionalIdPrefix + "-" + i);
            s.producer = open(s.transactionalId);
            slots.add(s);
        }
    }

    static Properties producerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A request waits for its transaction; an unreachable broker is a 503 within ~30 s.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "phalanx-ingest");
        return p;
    }

    private Producer<String, String> open(String transactionalId) {
        Properties p = baseProperties.get();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /** Writes {@code records} in one transaction; returns when it is committed. */
    void write(List<IngestRecord> records) throws WriteFailedException, InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        Slot s = slots.take();
        try {
            if (s.producer == null) {
                s.producer = open(s.transactionalId);
            }
            Producer<String, String> p = s.producer;
            p.beginTransaction();
            try {
                for (IngestRecord r : records) {
                    p.send(new ProducerRecord<>(topicPrefix + r.topic(), r.key(), r.value()));
                }
                p.commitTransaction();
            } catch (KafkaException e) {
                try {
                    p.abortTransaction();
                } catch (KafkaException abortFailed) {
                    e.addSuppressed(abortFailed);
                    discard(s);
                }
                throw e;
            }
        } catch (KafkaException e) {
            if (s.producer != null && isFatal(e)) {
                discard(s);
            }
            throw new WriteFailedException("Kafka did not take the batch: " + e.getMessage(), e);
        } finally {
            slots.add(s);
        }
    }

    private static boolean isFatal(KafkaException e) {
        return e instanceof org.apache.kafka.common.errors.ProducerFencedException
                || e instanceof org.apache.kafka.common.errors.AuthorizationException
                || e instanceof org.apache.kafka.common.errors.UnsupportedVersionException;
    }

    private static void discard(Slot s) {
        try {
            s.producer.close(Duration.ZERO);
        } catch (RuntimeException ignored) {
            // closing a broken producer: nothing more to save
        }
        s.producer = null;
    }

    @Override
    public void close() {
        for (Slot s : slots) {
            if (s.producer != null) {
                s.producer.close(Duration.ofSeconds(10));
                s.producer = null;
            }
        }
    }
}
