package io.phalanx.battlemap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Votes to {@code <prefix>phalanx.remediation-votes.v1}, keyed by proposal id (one proposal's votes
 * stay in order), idempotent with {@code acks=all}; a vote is acknowledged to the voter only after
 * the broker has it.
 */
public final class KafkaVoteSink implements VoteSink {
    public static final String TOPIC = "phalanx.remediation-votes.v1";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final ObjectMapper mapper;

    public KafkaVoteSink(String bootstrapServers, String topicPrefix, ObjectMapper mapper) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "phalanx-battlemap-votes");
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topicPrefix + TOPIC;
        this.mapper = mapper;
    }

    @Override
    public void write(ObjectNode vote) {
        try {
            byte[] key = vote.path("proposalId").asText().getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, key, mapper.writeValueAsBytes(vote))).get();
        } catch (JsonProcessingException | ExecutionException e) {
            throw new IllegalStateException("vote not written to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the vote", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public String toString() {
        return "kafka topic " + topic;
    }
}
