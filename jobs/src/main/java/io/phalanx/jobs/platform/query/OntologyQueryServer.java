package io.phalanx.jobs.platform.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.core.events.InvalidEventException;
import io.phalanx.core.ontology.Entity;
import io.phalanx.core.ontology.EntityType;
import io.phalanx.core.ontology.OntologyGraph;
import io.phalanx.core.ontology.OntologyJson;
import io.phalanx.core.ontology.Relation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The ontology's query side: reads the committed change topic from its beginning into an {@link
 * OntologyGraph} and answers over HTTP (127.0.0.1 unless told otherwise):
 *
 * <ul>
 *   <li>{@code GET /v1/entities/<id>}: the entity, its relations and its neighbours ({@code 404}
 *       when unknown); ids as on the topic, e.g. {@code service:checkout}, {@code
 *       segment:hop2->hop3} (URL-encode {@code >} as {@code %3E});
 *   <li>{@code GET /v1/entities?type=service}: every entity of a type;
 *   <li>{@code GET /healthz}: counts and the number of changes applied.
 * </ul>
 *
 * The graph is rebuilt from the topic at every start (the topic is the source of truth; Flink state
 * only decides what changed).
 */
public final class OntologyQueryServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OntologyGraph graph = new OntologyGraph();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong applied = new AtomicLong();
    private final Thread consumer;
    private final HttpServer http;

    public OntologyQueryServer(String bootstrapServers, String topic, InetSocketAddress bind)
            throws IOException {
        consumer = new Thread(() -> consume(bootstrapServers, topic), "ontology consumer");
        consumer.setDaemon(true);
        consumer.start();
        http = HttpServer.create(bind, 0);
        http.createContext("/v1/entities", this::entities);
        http.createContext("/healthz", this::health);
        http.start();
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    public OntologyGraph graph() {
        return graph;
    }

    public long applied() {
        return applied.get();
    }

    private void consume(String servers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running.get()) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        graph.apply(OntologyJson.parse(r.value()));
                        applied.incrementAndGet();
                    } catch (InvalidEventException e) {
                        System.err.println(
                                "ontology: skipping "
                                        + r.topic()
                                        + "@"
                                        + r.offset()
                                        + ": "
                                        + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("ontology consumer stopped: " + e.getMessage());
            }
        }
    }

    private void entities(HttpExchange x) throws IOException {
        if (!x.getRequestMethod().equals("GET")) {
            reply(x, 405, error("only GET"));
            return;
        }
        String path = x.getRequestURI().getRawPath();
        String rest =
                path.length() > "/v1/entities".length()
                        ? path.substring("/v1/entities/".length())
                        : "";
        if (rest.isEmpty()) {
            String query = x.getRequestURI().getQuery();
            if (query == null || !query.startsWith("type=")) {
                reply(x, 400, error("GET /v1/entities/<id> or /v1/entities?type=<type>"));
                return;
            }
            EntityType type;
            try {
                type = EntityType.fromPrefix(query.substring(5));
            } catch (IllegalArgumentException e) {
                reply(x, 400, error(e.getMessage()));
                return;
            }
            ArrayNode list = JSON.createArrayNode();
            graph.entitiesOfType(type).forEach(e -> list.add(entity(e)));
            reply(x, 200, list.toString());
            return;
        }
        String id = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        var found = graph.entity(id);
        if (found.isEmpty()) {
            reply(x, 404, error("no entity " + id));
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.set("entity", entity(found.get()));
        ArrayNode rels = n.putArray("relations");
        for (Relation r : graph.relationsOf(id)) {
            rels.addObject().put("from", r.from()).put("type", r.type()).put("to", r.to());
        }
        ArrayNode nb = n.putArray("neighbours");
        graph.neighbours(id).forEach(e -> nb.add(entity(e)));
        reply(x, 200, n.toString());
    }

    private void health(HttpExchange x) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("entities", graph.size());
        n.put("relations", graph.relationCount());
        n.put("changesApplied", applied.get());
        reply(x, 200, n.toString());
    }

    private static ObjectNode entity(Entity e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("type", e.type().prefix());
        n.put("name", e.name());
        ObjectNode a = n.putObject("attributes");
        e.attributes().forEach(a::put);
        return n;
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        running.set(false);
        http.stop(0);
        try {
            consumer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
