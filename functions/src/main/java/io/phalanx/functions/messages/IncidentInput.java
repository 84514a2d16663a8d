package io.phalanx.functions.messages;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.core.alerting.IncidentUpdate;
import io.phalanx.core.governance.PlatformIncident;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One record of {@code phalanx.incidents.v1} as the advisor reads it. The primary shape is the
 * platform's incident update {@code {"v":1,"id","version","ts","incident":{...}}} (docs/TOPICS.md,
 * "Incident updates"), mapped by {@link PlatformIncident}; the legacy {@link IncidentMessage} shape
 * ({@code incidentId} at the top level) is still read. A platform update is remediated in {@link
 * #DEFAULT_ENVIRONMENT} unless the record carries a top-level {@code environment}.
 *
 * @param version the update's version (0 for the legacy shape)
 * @param location the top hypothesis' location (segment {@code from->to} or entity; null for the
 *     legacy shape)
 * @param message the incident as the playbook and agents see it; null when the update cannot be
 *     remediated (yet): then {@code unusable} says why
 */
public record IncidentInput(
        boolean update,
        boolean resolved,
        int version,
        String location,
        IncidentMessage message,
        String unusable) {

    public static final String DEFAULT_ENVIRONMENT = "prod";

    /**
     * @throws IllegalArgumentException when the record is neither shape (not JSON, no id, ...)
     */
    public static IncidentInput read(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a valid IncidentMessage or incident update: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        boolean isUpdate = root.has("incident") || (root.has("id") && !root.has("incidentId"));
        if (!isUpdate) {
            IncidentMessage legacy = Json.read(bytes, IncidentMessage.class);
            legacy.toSummary(); // validates
            return new IncidentInput(false, false, 0, null, legacy, null);
        }
        IncidentUpdate u = IncidentUpdate.parse(new String(bytes, StandardCharsets.UTF_8));
        if (u.resolved() || u.incident() == null) {
            return new IncidentInput(true, true, u.version(), null, null, "resolved");
        }
        if (u.incident().id != null && !u.incident().id.equals(u.id())) {
            throw new IllegalArgumentException(
                    "incident.id '" + u.incident().id + "' differs from id '" + u.id() + "'");
        }
        if (u.incident().id == null) {
            u.incident().id = u.id();
        }
        String environment = root.path("environment").asText(DEFAULT_ENVIRONMENT);
        String location;
        try {
            location = PlatformIncident.location(u.incident());
        } catch (IllegalArgumentException e) {
            return new IncidentInput(true, false, u.version(), null, null, e.getMessage());
        }
        try {
            IncidentMessage m =
                    IncidentMessage.of(
                            PlatformIncident.toSummary(u.incident(), u.ts(), environment));
            return new IncidentInput(true, false, u.version(), location, m, null);
        } catch (IllegalArgumentException e) {
            return new IncidentInput(true, false, u.version(), location, null, e.getMessage());
        }
    }
}
