package io.phalanx.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The twin's structure as JSON: the {@code twin} block of a {@code topology.json} (the file {@code
 * phalanx replay --topology} reads, which ignores this block). Services with their server count
 * and, optionally, a declared mean service time (used only when history has nothing for the
 * service); links with capacity, base latency and mean message size; request classes with their
 * paths in order of preference.
 *
 * <pre>{@code
 * "twin": {
 *   "services": [{"name": "web", "servers": 3, "meanServiceMs": 10}],
 *   "links": [{"name": "edge", "capacityBps": 1e9, "baseLatencyMs": 2, "meanMessageBits": 200000}],
 *   "classes": [{"name": "browse", "paths": [["edge", "web", "catalog", "db"]]}]
 * }
 * }</pre>
 *
 * Without a file, {@link #fromHistory} makes each service of the history a class of its own.
 */
public final class TwinModelFile {
    /** Mean service time assumed for a service that declares none; calibration replaces it. */
    static final double DEFAULT_MEAN_SERVICE_SECONDS = 0.010;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TwinModelFile() {}

    /** Reads the {@code twin} block of a topology file. */
    public static ServiceTopology read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode twin = root == null ? null : root.get("twin");
        if (twin == null || !twin.isObject()) {
            throw new IOException(file + ": no \"twin\" object (services, links, classes)");
        }
        try {
            return parse(twin);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": twin: " + e.getMessage(), e);
        }
    }

    static ServiceTopology parse(JsonNode twin) {
        ServiceTopology.Builder b = ServiceTopology.builder();
        for (JsonNode s : twin.path("services")) {
            b.service(
                    QueueingStation.of(
                            required(s, "name"),
                            s.path("servers").asInt(1),
                            ServiceTimeDistribution.exponential(
                                    s.has("meanServiceMs")
                                            ? s.get("meanServiceMs").asDouble() / 1000
                                            : DEFAULT_MEAN_SERVICE_SECONDS)));
        }
        for (JsonNode l : twin.path("links")) {
            b.link(
                    Link.of(
                            required(l, "name"),
                            l.path("capacityBps").asDouble(),
                            l.path("baseLatencyMs").asDouble(),
                            l.path("meanMessageBits").asDouble()));
        }
        for (JsonNode c : twin.path("classes")) {
            List<RequestPath> paths = new ArrayList<>();
            for (JsonNode p : c.path("paths")) {
                List<String> nodes = new ArrayList<>();
                p.forEach(n -> nodes.add(n.asText()));
                paths.add(RequestPath.through(nodes.toArray(String[]::new)));
            }
            b.requestClass(
                    new RequestClass(
                            required(c, "name"), c.path("ratePerSecond").asDouble(0), paths));
        }
        return b.build();
    }

    /** The block for {@code topology}, with declared mean service times. */
    public static ObjectNode toJson(ServiceTopology topology) {
        ObjectNode twin = JSON.createObjectNode();
        ArrayNode services = twin.putArray("services");
        for (QueueingStation s : topology.services().values()) {
            ObjectNode n = services.addObject();
            n.put("name", s.name());
            n.put("servers", s.servers());
            n.put("meanServiceMs", s.serviceTime().meanSeconds() * 1000);
        }
        ArrayNode links = twin.putArray("links");
        for (Link l : topology.links().values()) {
            ObjectNode n = links.addObject();
            n.put("name", l.name());
            n.put("capacityBps", l.capacityBitsPerSecond());
            n.put("baseLatencyMs", l.baseLatencyMillis());
            n.put("meanMessageBits", l.meanMessageBits());
        }
        ArrayNode classes = twin.putArray("classes");
        for (RequestClass rc : topology.requestClasses().values()) {
            ObjectNode n = classes.addObject();
            n.put("name", rc.name());
            n.put("ratePerSecond", rc.arrivalRate());
            ArrayNode paths = n.putArray("paths");
            for (RequestPath p : rc.paths()) {
                ArrayNode a = paths.addArray();
                p.visits().forEach(v -> a.add(v.node()));
            }
        }
        return twin;
    }

    /**
     * A structure for a history without a topology file: every service is a station (servers from
     * the history's {@code servers} series, else 1) and a request class of its own, named after it.
     */
    public static ServiceTopology fromHistory(TwinHistory history) {
        ServiceTopology.Builder b = ServiceTopology.builder();
        for (String s : history.services()) {
            b.service(
                    QueueingStation.of(
                            s,
                            Math.max(1, history.servers(s)),
                            ServiceTimeDistribution.exponential(DEFAULT_MEAN_SERVICE_SECONDS)));
            b.requestClass(RequestClass.of(s, 0, RequestPath.through(s)));
        }
        return b.build();
    }

    /** The topology with each service's server count taken from history where it reports one. */
    public static ServiceTopology withServersFrom(ServiceTopology topology, TwinHistory history) {
        ServiceTopology t = topology;
        for (QueueingStation s : topology.services().values()) {
            int c = history.servers(s.name());
            if (c >= 1 && c != s.servers()) {
                t = t.withService(s.withServers(c));
            }
        }
        return t;
    }

    private static String required(JsonNode n, String field) {
        JsonNode f = n.get(field);
        if (f == null || !f.isTextual() || f.asText().isBlank()) {
            throw new IllegalArgumentException("an entry lacks \"" + field + "\": " + n);
        }
        return f.asText();
    }
}
