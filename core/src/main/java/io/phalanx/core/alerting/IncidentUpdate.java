package io.phalanx.core.alerting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.report.ReplayReport;
import java.time.Instant;

/**
 * One record of {@code phalanx.incidents.v1}: {@code {"v":1,"id","version","ts","incident":{...}}}.
 * A record with {@code "resolved":true} (top level) is a resolve event for the incident; its {@code
 * incident} may be absent.
 */
public record IncidentUpdate(
        String id, int version, Instant ts, boolean resolved, ReplayReport.Incident incident) {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Parses one record.
     *
     * @throws IllegalArgumentException when the record is not JSON or lacks {@code id}/{@code
     *     version}
     */
    public static IncidentUpdate parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (root.path("v").asInt(1) != 1) {
            throw new IllegalArgumentException("unsupported record version v=" + root.get("v"));
        }
        if (!root.hasNonNull("id") || !root.path("version").canConvertToInt()) {
            throw new IllegalArgumentException("missing id or version");
        }
        Instant ts = root.hasNonNull("ts") ? Instant.parse(root.get("ts").asText()) : null;
        ReplayReport.Incident incident = null;
        if (root.hasNonNull("incident")) {
            try {
                incident = JSON.treeToValue(root.get("incident"), ReplayReport.Incident.class);
            } catch (Exception e) {
                throw new IllegalArgumentException("bad incident: " + e.getMessage(), e);
            }
        }
        return new IncidentUpdate(
                root.get("id").asText(),
                root.get("version").asInt(),
                ts,
                root.path("resolved").asBoolean(false),
                incident);
    }
}
