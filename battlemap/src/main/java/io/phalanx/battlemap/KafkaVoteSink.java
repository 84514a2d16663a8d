package io.phalanx.battlemap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Votes to the remediation governance's ballot ingress {@code phalanx.votes.v1} (docs/TOPICS.md,
 * "Remediation governance"; like every governance topic it takes no prefix), keyed by proposal id:
 * StateFun routes by the key (it becomes the ballot function's id) and one proposal's votes stay in
 * order. The value is the governance's {@code VoteMessage}: {@code
 * {"v":1,"proposalId","voter","choice","seq","reason","ts"}} with {@code voter} the validated
 * token's subject, {@code choice} upper-cased ({@code APPROVE}/{@code REJECT}/...), {@code reason}
 * the voter's comment and {@code seq} the vote's time in epoch milliseconds, made strictly
 * increasing by this sink, so a changed vote always carries a higher {@code seq} than the voter's
 * earlier one. Idempotent with {@code acks=all}; a vote is acknowledged to the voter only after the
 * broker has it.
 */
public final class KafkaVoteSink implements VoteSink {
    public static final String TOPIC = "phalanx.votes.v1";

    private final AtomicLong lastSeq = new AtomicLong();

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final ObjectMapper mapper;

    /**
     * @param topicPrefix not applied: the governance reads the fixed name {@link #TOPIC}
     */
    public KafkaVoteSink(String bootstrapServers, String topicPrefix, ObjectMapper mapper) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "phalanx-battlemap-votes");
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = TOPIC; // governance topics take no prefix (fixed in module.yaml)
        this.mapper = mapper;
    }

    @Override
    public void write(ObjectNode vote) {
        try {
            byte[] key = vote.path("proposalId").asText().getBytes(StandardCharsets.UTF_8);
            byte[] value = mapper.writeValueAsBytes(governanceVote(vote));
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (JsonProcessingException | ExecutionException e) {
            throw new IllegalStateException("vote not written to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the vote", e);
        }
    }

    /** The war room's vote as the governance's {@code VoteMessage}. */
    ObjectNode governanceVote(ObjectNode vote) {
        Instant ts = vote.hasNonNull("ts") ? Instant.parse(vote.get("ts").asText()) : Instant.now();
        return governanceVote(vote, nextSeq(lastSeq, ts));
    }

    static long nextSeq(AtomicLong lastSeq, Instant ts) {
        return lastSeq.updateAndGet(last -> Math.max(last + 1, ts.toEpochMilli()));
    }

    static ObjectNode governanceVote(ObjectNode vote, long seq) {
        ObjectNode out = vote.objectNode();
        out.put("v", 1);
        out.put("proposalId", vote.path("proposalId").asText());
        out.put("voter", vote.path("voter").asText());
        out.put("choice", vote.path("choice").asText().toUpperCase(Locale.ROOT));
        out.put("seq", seq);
        if (vote.hasNonNull("comment")) {
            out.put("reason", vote.get("comment").asText());
        }
        if (vote.hasNonNull("ts")) {
            out.put("ts", vote.get("ts").asText());
        }
        return out;
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
