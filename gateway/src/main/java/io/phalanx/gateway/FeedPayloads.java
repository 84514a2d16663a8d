package io.phalanx.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.ImpactUpdate;
import io.phalanx.core.events.InvalidEventException;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.stitch.Topology;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a request body into the records to write, validating every one before any is returned: the
 * first bad record fails the whole payload with its position. Values are re-written by {@link
 * EventJson} (the normalised form of docs/TOPICS.md: ISO timestamps, {@code v}, sorted labels), so
 * consumers see one shape whatever the sender's spelling; keys are the ones docs/TOPICS.md names.
 */
final class FeedPayloads {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The topology topic holds one current document: every version has this key. */
    static final String TOPOLOGY_KEY = "topology";

    /**
     * The records of a valid payload; {@code skipped} counts Prometheus samples whose value is NaN
     * or infinite, which the JSON contract cannot carry (see the README); {@code ignored} is why a
     * webhook event was acknowledged without a record, or null.
     */
    record Parsed(List<IngestRecord> records, int skipped, String ignored) {}

    private FeedPayloads() {}

    static Parsed metrics(String body, MediaType type, long defaultTsMillis)
            throws InvalidPayloadException {
        List<IngestRecord> out = new ArrayList<>();
        int skipped = 0;
        if (type == MediaType.PROMETHEUS_TEXT) {
            List<MetricSample> samples = PrometheusTextParser.parse(body, defaultTsMillis);
            if (samples.isEmpty()) {
                throw InvalidPayloadException.whole("no samples in the exposition text");
            }
            for (MetricSample m : samples) {
                if (Double.isFinite(m.value())) {
                    out.add(metric(m));
                } else {
                    skipped++;
                }
            }
            return new Parsed(out, skipped, null);
        }
        for (JsonRecords.Positioned r : JsonRecords.split(body, type == MediaType.JSON_LINES)) {
            MetricSample m = parse(r, EventJson::metric);
            if (!Double.isFinite(m.value())) {
                throw r.invalid("'value' must be a finite number");
            }
            out.add(metric(m));
        }
        return new Parsed(out, 0, null);
    }

    static Parsed logs(String body, MediaType type) throws InvalidPayloadException {
        List<IngestRecord> out = new ArrayList<>();
        for (JsonRecords.Positioned r : JsonRecords.split(body, type == MediaType.JSON_LINES)) {
            LogRecord l = parse(r, EventJson::log);
            out.add(new IngestRecord(Topics.LOGS, l.service(), EventJson.toJson(l)));
        }
        return new Parsed(out, 0, null);
    }

    static Parsed impact(String body, MediaType type) throws InvalidPayloadException {
        List<IngestRecord> out = new ArrayList<>();
        for (JsonRecords.Positioned r : JsonRecords.split(body, type == MediaType.JSON_LINES)) {
            ImpactUpdate i = parse(r, EventJson::impact);
            if (!Double.isFinite(i.revenuePerMinute())) {
                throw r.invalid("'revenuePerMinute' must be a finite number");
            }
            out.add(new IngestRecord(Topics.IMPACT, i.service(), EventJson.toJson(i)));
        }
        return new Parsed(out, 0, null);
    }

    /**
     * Generic deploy records, or one GitHub {@code deployment_status} event when {@code
     * githubEvent} says so (or, without the header, when the body has that event's shape).
     */
    static Parsed deploys(String body, MediaType type, String githubEvent, Set<String> environments)
            throws InvalidPayloadException {
        if (githubEvent != null) {
            if (githubEvent.equals("ping")) {
                return new Parsed(List.of(), 0, "GitHub ping: the webhook reaches the gateway");
            }
            if (!githubEvent.equals("deployment_status")) {
                throw InvalidPayloadException.whole(
                        "GitHub event '"
                                + githubEvent
                                + "' is not handled: subscribe the webhook to deployment_status"
                                + " events only");
            }
            return webhook(GitHubDeploymentStatus.map(body, environments));
        }
        List<JsonRecords.Positioned> records =
                JsonRecords.split(body, type == MediaType.JSON_LINES);
        if (records.size() == 1 && records.get(0).positionKind().equals("index")) {
            JsonNode n = tree(records.get(0).json());
            if (GitHubDeploymentStatus.looksLikeOne(n)) {
                return webhook(GitHubDeploymentStatus.map(n, environments));
            }
        }
        List<IngestRecord> out = new ArrayList<>();
        for (JsonRecords.Positioned r : records) {
            DeployEvent d = parse(r, EventJson::deploy);
            out.add(deploy(d));
        }
        return new Parsed(out, 0, null);
    }

    /**
     * A topology document (one JSON object: declared {@code paths} as in
     * docs/examples/topology.json, and/or the {@code services} and {@code hosts} the ontology
     * links), validated by core's parsers and written under {@link #TOPOLOGY_KEY} with {@code v}
     * and {@code ts} (the time it was received, unless it carries its own).
     */
    static Parsed topology(String body, long nowMillis) throws InvalidPayloadException {
        JsonNode root = tree(body);
        if (!root.isObject()) {
            throw InvalidPayloadException.whole(
                    "a topology is one JSON object with a \"paths\" array");
        }
        JsonNode v = root.get("v");
        if (v != null && (!v.canConvertToInt() || v.asInt() != EventJson.VERSION)) {
            throw InvalidPayloadException.whole("unsupported schema version " + v);
        }
        long ts = nowMillis;
        JsonNode t = root.get("ts");
        if (t != null && !t.isNull()) {
            try {
                ts = t.isIntegralNumber() ? t.asLong() : Instant.parse(t.asText()).toEpochMilli();
            } catch (RuntimeException e) {
                throw InvalidPayloadException.whole(
                        "'ts' is not an ISO-8601 instant or epoch millis");
            }
        }
        int i = 0;
        for (JsonNode p : root.path("paths")) {
            for (String field : List.of("from", "to")) {
                if (!p.path(field).isTextual()) {
                    throw InvalidPayloadException.whole(
                            "paths[" + i + "]: '" + field + "' must be a string");
                }
            }
            for (JsonNode cp : p.path("capturePoints")) {
                if (!cp.isTextual() || cp.asText().isBlank()) {
                    throw InvalidPayloadException.whole(
                            "paths["
                                    + i
                                    + "]: capture points must be non-empty strings, got "
                                    + cp);
                }
            }
            i++;
        }
        boolean hasPaths = root.has("paths");
        boolean declares = root.has("services") || root.has("hosts");
        if (!hasPaths && !declares) {
            throw InvalidPayloadException.whole(
                    "a topology declares \"paths\", \"services\" or \"hosts\" (docs/TOPICS.md)");
        }
        Topology topology = new Topology(List.of());
        if (hasPaths) {
            try {
                topology = Topology.parse(body, "topology");
            } catch (IOException e) {
                throw InvalidPayloadException.whole(e.getMessage());
            }
        }
        if (declares) {
            // Services and hosts feed the ontology (io.phalanx.core.ontology.OntologyDeclaration).
            try {
                io.phalanx.core.ontology.OntologyDeclaration.parse(body);
            } catch (io.phalanx.core.events.InvalidEventException e) {
                throw InvalidPayloadException.whole(e.getMessage());
            }
        }
        // Written as parsed, so a lenient spelling (10.77.3/24 is 10.77.0.3/24) shows what it
        // means.
        ObjectNode n = MAPPER.createObjectNode();
        n.put("v", EventJson.VERSION);
        n.put("ts", Instant.ofEpochMilli(ts).toString());
        ArrayNode paths = n.putArray("paths");
        for (Topology.DeclaredPath p : topology.paths()) {
            ObjectNode o = paths.addObject();
            o.put("from", prefix(p.from()));
            o.put("to", prefix(p.to()));
            ArrayNode cps = o.putArray("capturePoints");
            p.capturePoints().forEach(cps::add);
        }
        for (String field : List.of("services", "hosts")) {
            if (root.has(field)) {
                n.set(field, root.get(field));
            }
        }
        return new Parsed(
                List.of(new IngestRecord(Topics.TOPOLOGY, TOPOLOGY_KEY, n.toString())), 0, null);
    }

    private static String prefix(Topology.Prefix p) {
        return IpAddresses.format(p.network()) + "/" + p.bits();
    }

    private static Parsed webhook(GitHubDeploymentStatus.Outcome o) {
        if (o.deploy() == null) {
            return new Parsed(List.of(), 0, o.ignoredBecause());
        }
        return new Parsed(List.of(deploy(o.deploy())), 0, null);
    }

    private static IngestRecord metric(MetricSample m) {
        return new IngestRecord(Topics.METRICS, m.series(), EventJson.toJson(m));
    }

    private static IngestRecord deploy(DeployEvent d) {
        return new IngestRecord(Topics.DEPLOYS, d.service(), EventJson.toJson(d));
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String json) throws InvalidEventException;
    }

    private static <T> T parse(JsonRecords.Positioned r, Parser<T> parser)
            throws InvalidPayloadException {
        try {
            return parser.parse(r.json());
        } catch (InvalidEventException e) {
            throw r.invalid(e.getMessage());
        }
    }

    private static JsonNode tree(String json) throws InvalidPayloadException {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null) {
                throw InvalidPayloadException.whole("empty body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw InvalidPayloadException.whole("not JSON: " + e.getOriginalMessage());
        }
    }
}
