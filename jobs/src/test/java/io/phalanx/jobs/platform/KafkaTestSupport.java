package io.phalanx.jobs.platform;

import io.phalanx.connectors.kafka.Topics;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One real Kafka broker (a child JVM, see {@link LocalKafkaBroker}) shared by the integration tests
 * of this JVM, and the plumbing they need: topics under a per-test prefix, and reading a topic's
 * committed records to its end.
 */
public final class KafkaTestSupport {
    private static LocalKafkaBroker broker;

    private KafkaTestSupport() {}

    /** The shared broker, started on first use and stopped when the test JVM exits. */
    public static synchronized String bootstrap() {
        if (broker == null) {
            try {
                broker = LocalKafkaBroker.start(Files.createTempDirectory("phalanx-kafka-test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker.bootstrapServers();
    }

    /** Creates every topic of {@link Topics} under {@code prefix}; packets get 4 partitions. */
    public static void createTopics(String prefix) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            String name = prefix + f.get(null);
            topics.add(new NewTopic(name, name.endsWith(Topics.PACKETS) ? 4 : 2, (short) 1));
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        }
    }

    /** Waits until every partition of {@code names} has a leader: producers may then send. */
    static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean ready =
                    admin.describeTopics(names).allTopicNames().get().values().stream()
                            .allMatch(
                                    d ->
                                            d.partitions().stream()
                                                    .allMatch(
                                                            p ->
                                                                    p.leader() != null
                                                                            && !p.leader()
                                                                                    .isEmpty()));
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics without leaders after 30 s: " + names);
            }
            Thread.sleep(50);
        }
    }

    /** Every committed record of {@code topic}, read with {@code read_committed} to its end. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
