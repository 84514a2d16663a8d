package io.phalanx.functions.messages;

import io.phalanx.core.diagnosis.Cause;
import io.phalanx.core.governance.IncidentSummary;
import java.time.Instant;

/**
 * An incident on {@code phalanx.incidents.v1} (Kafka key: the incident id), version 1:
 *
 * <pre>{@code
 * {"v":1,"incidentId":"inc-42","ts":"2026-11-26T21:00:00Z","service":"checkout",
 *  "environment":"prod","cause":"ASYMMETRIC_ROUTING","criticality":"critical",
 *  "evidence":{"asymmetricPaths":true,"backupPathHealthy":true,"burnRate":14.4,
 *              "deploy":{"version":"v42","previousVersion":"v41"}}}
 * }</pre>
 *
 * {@code evidence} and each of its fields are optional. This is the legacy (hand-written) shape;
 * the primary contract of the topic is the platform's incident update, which {@link IncidentInput}
 * reads and maps to this message.
 */
public record IncidentMessage(
        int v,
        String incidentId,
        Instant ts,
        String service,
        String environment,
        String cause,
        String criticality,
        Evidence evidence) {

    /** What the agents weigh; every field may be missing. */
    public record Evidence(
            Boolean asymmetricPaths, Boolean backupPathHealthy, Double burnRate, Deploy deploy) {}

    /** The deploy the degradation followed. */
    public record Deploy(String version, String previousVersion) {}

    /**
     * The core view of this incident.
     *
     * @throws IllegalArgumentException naming the first missing or unknown field
     */
    public IncidentSummary toSummary() {
        if (v != 1) {
            throw new IllegalArgumentException("v: unsupported version " + v + ", expected 1");
        }
        require(incidentId, "incidentId");
        require(service, "service");
        require(environment, "environment");
        require(cause, "cause");
        require(criticality, "criticality");
        Cause c;
        try {
            c = Cause.valueOf(cause);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cause: unknown cause '" + cause + "'");
        }
        Evidence e = evidence == null ? new Evidence(null, null, null, null) : evidence;
        return new IncidentSummary(
                incidentId,
                ts == null ? Instant.EPOCH : ts,
                service,
                environment,
                c,
                criticality,
                Boolean.TRUE.equals(e.asymmetricPaths()),
                e.backupPathHealthy(),
                e.burnRate() == null ? Double.NaN : e.burnRate(),
                e.deploy() == null ? null : e.deploy().version(),
                e.deploy() == null ? null : e.deploy().previousVersion());
    }

    /**
     * The incident message of a summary (how a platform update travels on to ballot and agents).
     */
    public static IncidentMessage of(IncidentSummary s) {
        Deploy deploy =
                s.deployedVersion() == null
                        ? null
                        : new Deploy(s.deployedVersion(), s.previousVersion());
        return new IncidentMessage(
                1,
                s.incidentId(),
                s.ts(),
                s.service(),
                s.environment(),
                s.cause().name(),
                s.criticality(),
                new Evidence(
                        s.asymmetricPaths(),
                        s.backupPathHealthy(),
                        Double.isNaN(s.burnRate()) ? null : s.burnRate(),
                        deploy));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
    }
}
