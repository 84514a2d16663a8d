package io.phalanx.core.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.events.InvalidEventException;
import java.time.Instant;

/**
 * The JSON contract of {@link SegmentKpi} (topic {@code phalanx.segment-kpis.v1}, docs/TOPICS.md):
 * {@code ts} is the interval end, {@code start} its start, both ISO-8601; the rest as named in the
 * record, with {@code lossRatio}, {@code reorderRatio} and {@code throughputBps} derived for
 * readers that do not recompute them.
 */
public final class SegmentKpiJson {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SegmentKpiJson() {}

    public static String toJson(SegmentKpi k) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("ts", Instant.ofEpochMilli(k.endMs()).toString());
        o.put("start", Instant.ofEpochMilli(k.startMs()).toString());
        o.put("from", k.from());
        o.put("to", k.to());
        o.put("packets", k.packets());
        if (k.latencyP50Ms() != null) {
            o.put("latencyP50Ms", k.latencyP50Ms());
            o.put("latencyP99Ms", k.latencyP99Ms());
        }
        o.put("lost", k.lost());
        o.put("lossRatio", k.lossRatio());
        o.put("reordered", k.reordered());
        o.put("reorderRatio", k.reorderRatio());
        o.put("retransmissions", k.retransmissions());
        o.put("bytes", k.bytes());
        o.put("throughputBps", k.throughputBps());
        return o.toString();
    }

    public static SegmentKpi fromJson(String json) throws InvalidEventException {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new InvalidEventException("not a JSON object");
            }
            if (n.path("v").asInt(-1) != VERSION) {
                throw new InvalidEventException("unsupported version " + n.path("v"));
            }
            return new SegmentKpi(
                    Instant.parse(n.path("start").asText()).toEpochMilli(),
                    Instant.parse(n.path("ts").asText()).toEpochMilli(),
                    required(n, "from"),
                    required(n, "to"),
                    n.path("packets").asLong(),
                    n.has("latencyP50Ms") ? n.get("latencyP50Ms").asDouble() : null,
                    n.has("latencyP99Ms") ? n.get("latencyP99Ms").asDouble() : null,
                    n.path("lost").asLong(),
                    n.path("reordered").asLong(),
                    n.path("retransmissions").asLong(),
                    n.path("bytes").asLong());
        } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
            throw new InvalidEventException("not a segment KPI: " + e.getMessage());
        }
    }

    private static String required(JsonNode n, String field) throws InvalidEventException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new InvalidEventException("'" + field + "' is required");
        }
        return v.asText();
    }
}
