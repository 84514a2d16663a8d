package io.phalanx.core.governance;

import io.phalanx.core.diagnosis.Cause;
import java.time.Instant;
import java.util.Objects;

/**
 * An incident as remediation sees it: which service in which environment, the diagnosed cause, how
 * critical the service is, and the evidence the automated voters weigh.
 *
 * @param criticality the service's criticality as the playbook names it ({@code critical}, {@code
 *     high}, {@code standard}, ...)
 * @param asymmetricPaths whether the network view saw the two directions on different paths
 * @param backupPathHealthy whether the backup path was seen healthy; null when nobody measured it
 * @param burnRate the SLO's current burn rate; NaN when unknown
 * @param deployedVersion the deploy the degradation followed, null when none did
 * @param previousVersion the version before that deploy, null when unknown
 */
public record IncidentSummary(
        String incidentId,
        Instant ts,
        String service,
        String environment,
        Cause cause,
        String criticality,
        boolean asymmetricPaths,
        Boolean backupPathHealthy,
        double burnRate,
        String deployedVersion,
        String previousVersion) {

    public IncidentSummary {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(criticality, "criticality");
    }

    /** Whether the degradation followed a deploy. */
    public boolean afterDeploy() {
        return deployedVersion != null;
    }
}
