package io.phalanx.battlemap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode against a real broker: the war room shows only what the jobs committed on the result
 * topics (an aborted incident version never reaches it), and a vote goes to the votes topic.
 */
class LiveModeITCase extends BattlemapTestBase {
    @TempDir Path tmp;

    @Test
    void showsCommittedResultsOnlyAndWritesVotesToTheTopic() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(tmp.resolve("kafka"));
                IssuerStub issuer = issuer()) {
            String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
            JsonNode report = MAPPER.readTree(report(LOSS_SET).toFile());
            ObjectNode incident = (ObjectNode) report.path("incidents").get(0);
            int v = incident.path("version").asInt();
            try (KafkaProducer<String, String> p = transactionalProducer(broker)) {
                p.initTransactions();
                p.beginTransaction();
                p.send(
                        new ProducerRecord<>(
                                prefix + "phalanx.network.v1", "network", report.toString()));
                p.commitTransaction();
                p.beginTransaction();
                p.send(incidentRecord(prefix, incident, v + 5, "aborted"));
                p.flush();
                p.abortTransaction();
                p.beginTransaction();
                p.send(incidentRecord(prefix, incident, v + 1, "committed"));
                p.commitTransaction();
            }

            BattlemapOptions o = new BattlemapOptions();
            o.port = 0;
            o.kafkaBootstrap = broker.bootstrapServers();
            o.topicPrefix = prefix;
            o.oidc = new OidcSettings(issuer.issuer(), CLIENT_ID, null, null, VOTER_ROLE, null);
            List<String> narratives = new ArrayList<>();
            try (BattlemapServer server =
                    new BattlemapServer(o, BattlemapServer.defaultVoteSink(o))) {
                server.state()
                        .subscribe(
                                d -> {
                                    if (d.has("incident")) {
                                        synchronized (narratives) {
                                            narratives.add(
                                                    d.path("incident").path("narrative").asText());
                                        }
                                    }
                                });
                server.start();
                assertThat(server.state().mode()).isEqualTo("live");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!narrativesContain(narratives, "committed")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(server.state().network().path("capturePoints")).hasSize(4);
                assertThat(server.state().incidents()).hasSize(1);
                assertThat(server.state().incidents().get(0).path("narrative").asText())
                        .isEqualTo("committed");
                synchronized (narratives) {
                    assertThat(narratives).doesNotContain("aborted");
                }

                server.state().applyProposal(json(proposal("RP-9", incident.path("id").asText())));
                String alice =
                        issuer.token(
                                "alice",
                                CLIENT_ID,
                                Instant.now().plusSeconds(300),
                                List.of(VOTER_ROLE),
                                null);
                var r =
                        post(
                                server.baseUri().resolve("/api/votes"),
                                alice,
                                "{\"proposalId\":\"RP-9\",\"choice\":\"reject\"}");
                assertThat(r.statusCode()).isEqualTo(201);
            }
            List<ConsumerRecord<String, String>> votes = readAll(broker, "phalanx.votes.v1", 1);
            assertThat(votes).hasSize(1);
            // The governance's ballot ingress: keyed by proposal id, its VoteMessage shape.
            assertThat(votes.get(0).key()).isEqualTo("RP-9");
            JsonNode vote = json(votes.get(0).value());
            assertThat(vote.path("v").asInt()).isEqualTo(1);
            assertThat(vote.path("proposalId").asText()).isEqualTo("RP-9");
            assertThat(vote.path("choice").asText()).isEqualTo("REJECT");
            assertThat(vote.path("voter").asText()).isEqualTo("alice");
            assertThat(vote.path("seq").asLong()).isPositive();
            assertThat(vote.path("ts").asText()).isNotEmpty();
        }
    }

    private static boolean narrativesContain(List<String> narratives, String s) {
        synchronized (narratives) {
            return narratives.contains(s);
        }
    }

    private static ProducerRecord<String, String> incidentRecord(
            String prefix, ObjectNode incident, int version, String narrative) {
        ObjectNode i = incident.deepCopy().put("version", version).put("narrative", narrative);
        ObjectNode rec = MAPPER.createObjectNode().put("v", 1).put("id", i.path("id").asText());
        rec.put("version", version);
        rec.set("incident", i);
        return new ProducerRecord<>(
                prefix + "phalanx.incidents.v1", i.path("id").asText(), rec.toString());
    }

    private static KafkaProducer<String, String> transactionalProducer(LocalKafkaBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "battlemap-test-" + UUID.randomUUID());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(
            LocalKafkaBroker broker, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // One more poll: a duplicate would show up here.
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }
}
