package io.phalanx.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the feed records of docs/TOPICS.md (schema version 1). Reading is strict about
 * what it needs (a missing or mistyped field is an {@link InvalidEventException} naming it) and
 * lenient about what it does not: unknown fields are ignored so producers can add fields without
 * breaking older jobs. Timestamps are {@code ts}: an ISO-8601 instant string or epoch milliseconds.
 */
public final class EventJson {
    /** The schema version this code writes and the newest it reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> LEVELS =
            Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    private EventJson() {}

    public static MetricSample metric(String json) throws InvalidEventException {
        JsonNode n = object(json);
        Map<String, String> labels = new TreeMap<>();
        JsonNode l = n.get("labels");
        if (l != null && !l.isNull()) {
            if (!l.isObject()) {
                throw new InvalidEventException("'labels' must be an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new InvalidEventException("label '" + e.getKey() + "' must be a string");
                }
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode v = n.get("value");
        if (v == null || !v.isNumber()) {
            throw new InvalidEventException("'value' must be a number");
        }
        return new MetricSample(ts(n), text(n, "name", true), v.asDouble(), labels);
    }

    public static LogRecord log(String json) throws InvalidEventException {
        JsonNode n = object(json);
        String level = text(n, "level", true).toUpperCase(java.util.Locale.ROOT);
        if (level.equals("WARNING")) {
            level = "WARN";
        }
        if (!LEVELS.contains(level)) {
            throw new InvalidEventException(
                    "'level' must be one of " + new java.util.TreeSet<>(LEVELS));
        }
        return new LogRecord(
                ts(n),
                text(n, "service", true),
                text(n, "host", false),
                level,
                text(n, "message", true));
    }

    public static DeployEvent deploy(String json) throws InvalidEventException {
        JsonNode n = object(json);
        return new DeployEvent(
                ts(n),
                text(n, "service", true),
                text(n, "version", true),
                text(n, "previousVersion", false),
                text(n, "actor", false));
    }

    public static ImpactUpdate impact(String json) throws InvalidEventException {
        JsonNode n = object(json);
        JsonNode rev = n.get("revenuePerMinute");
        JsonNode users = n.get("usersAffected");
        if (rev == null || !rev.isNumber() || rev.asDouble() < 0) {
            throw new InvalidEventException("'revenuePerMinute' must be a number >= 0");
        }
        if (users == null || !users.canConvertToLong() || users.asLong() < 0) {
            throw new InvalidEventException("'usersAffected' must be an integer >= 0");
        }
        return new ImpactUpdate(
                ts(n),
                text(n, "service", true),
                rev.asDouble(),
                text(n, "customerTier", true),
                users.asLong());
    }

    public static String toJson(MetricSample m) {
        ObjectNode n = header(m.timestampMillis());
        n.put("name", m.name());
        n.put("value", m.value());
        ObjectNode labels = n.putObject("labels");
        m.labels().forEach(labels::put);
        return n.toString();
    }

    public static String toJson(LogRecord r) {
        ObjectNode n = header(r.timestampMillis());
        n.put("service", r.service());
        if (r.host() != null) {
            n.put("host", r.host());
        }
        n.put("level", r.level());
        n.put("message", r.message());
        return n.toString();
    }

    public static String toJson(DeployEvent d) {
        ObjectNode n = header(d.timestampMillis());
        n.put("service", d.service());
        n.put("version", d.version());
        if (d.previousVersion() != null) {
            n.put("previousVersion", d.previousVersion());
        }
        if (d.actor() != null) {
            n.put("actor", d.actor());
        }
        return n.toString();
    }

    public static String toJson(ImpactUpdate i) {
        ObjectNode n = header(i.timestampMillis());
        n.put("service", i.service());
        n.put("revenuePerMinute", i.revenuePerMinute());
        n.put("customerTier", i.customerTier());
        n.put("usersAffected", i.usersAffected());
        return n.toString();
    }

    private static ObjectNode header(long ts) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("v", VERSION);
        n.put("ts", Instant.ofEpochMilli(ts).toString());
        return n;
    }

    private static JsonNode object(String json) throws InvalidEventException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        JsonNode v = n.get("v");
        if (v != null && (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > VERSION)) {
            throw new InvalidEventException(
                    "unsupported schema version " + v + " (this build reads 1.." + VERSION + ")");
        }
        return n;
    }

    private static long ts(JsonNode n) throws InvalidEventException {
        JsonNode t = n.get("ts");
        if (t == null || t.isNull()) {
            throw new InvalidEventException("'ts' is required (ISO-8601 instant or epoch millis)");
        }
        if (t.canConvertToLong() && t.isIntegralNumber()) {
            return t.asLong();
        }
        if (t.isTextual()) {
            try {
                return Instant.parse(t.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(
                        "'ts' is not an ISO-8601 instant such as 2026-03-01T12:00:00Z: "
                                + t.asText());
            }
        }
        throw new InvalidEventException("'ts' must be an ISO-8601 instant string or epoch millis");
    }

    private static String text(JsonNode n, String field, boolean required)
            throws InvalidEventException {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) {
            if (required) {
                throw new InvalidEventException("'" + field + "' is required");
            }
            return null;
        }
        if (!f.isTextual() || (required && f.asText().isBlank())) {
            throw new InvalidEventException("'" + field + "' must be a non-empty string");
        }
        return f.asText();
    }
}
