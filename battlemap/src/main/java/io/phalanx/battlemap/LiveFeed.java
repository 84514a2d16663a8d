package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Live mode: reads {@code phalanx.network.v1} and {@code phalanx.incidents.v1} (with the topic
 * prefix) from the beginning with {@code read_committed}, so only what the jobs committed reaches
 * the page, into the {@link WarRoomState}. A fresh consumer group per server: every war room
 * rebuilds the whole state, none shares offsets. A record that is not JSON is skipped and logged.
 */
public final class LiveFeed implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final WarRoomState state;
    private final ObjectMapper mapper;
    private final String networkTopic;
    private final Thread thread;
    private volatile boolean running = true;

    public LiveFeed(
            String bootstrapServers, String topicPrefix, WarRoomState state, ObjectMapper mapper) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "phalanx-battlemap-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.state = state;
        this.mapper = mapper;
        this.networkTopic = topicPrefix + "phalanx.network.v1";
        consumer.subscribe(List.of(networkTopic, topicPrefix + "phalanx.incidents.v1"));
        this.thread = new Thread(this::run, "battlemap-live-feed");
        this.thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode value;
                    try {
                        value = mapper.readTree(r.value());
                    } catch (java.io.IOException e) {
                        System.err.printf(
                                "battlemap: skipped a record that is not JSON at %s-%d@%d%n",
                                r.topic(), r.partition(), r.offset());
                        continue;
                    }
                    if (r.topic().equals(networkTopic)) {
                        state.applyNetworkView(value);
                    } else {
                        state.applyIncident(value);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
