package io.phalanx.connectors.kafka;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics of {@link Topics} that do not exist yet and waits until every partition has a
 * leader, so the first producer does not race the topic's creation. Replication is 1 on a single
 * broker and up to 3 otherwise; clusters with their own topic policy create topics beforehand.
 */
public final class TopicAdmin {
    private TopicAdmin() {}

    /** Every topic name of {@link Topics}, in declaration order. */
    public static List<String> allTopics() {
        List<String> out = new ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            try {
                out.add((String) f.get(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * Ensures every topic of {@link Topics}, under {@code prefix}, exists; the packets topic gets
     * {@code packetPartitions} partitions (one per capture point keeps each in its own split), the
     * others 2. Returns the names created.
     */
    public static List<String> ensureTopics(
            String bootstrapServers, String prefix, int packetPartitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            int brokers = admin.describeCluster().nodes().get().size();
            short replication = (short) Math.min(3, brokers);
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> create = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String t : allTopics()) {
                String name = prefix + t;
                names.add(name);
                if (!existing.contains(name)) {
                    create.add(
                            new NewTopic(
                                    name,
                                    t.equals(Topics.PACKETS) ? packetPartitions : 2,
                                    replication));
                }
            }
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get();
            }
            awaitLeaders(admin, names, Duration.ofSeconds(30));
            return create.stream().map(NewTopic::name).toList();
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ready =
                    admin.describeTopics(names).allTopicNames().get().values().stream()
                            .allMatch(
                                    d ->
                                            d.partitions().stream()
                                                    .allMatch(
                                                            part ->
                                                                    part.leader() != null
                                                                            && !part.leader()
                                                                                    .isEmpty()));
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics still without a leader after "
                                + timeout.toSeconds()
                                + " s: "
                                + names);
            }
            Thread.sleep(50);
        }
    }
}
