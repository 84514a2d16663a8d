package io.phalanx.core.alerting;

/**
 * What the alerting side remembers of one incident: the highest version acted on, whether it was
 * paged and whether it was resolved. Kept for the life of the dispatcher so that replays and
 * duplicates of the topic never page twice.
 */
public final class IncidentAlertState {
    public int lastVersion = Integer.MIN_VALUE;
    public boolean paged;
    public boolean resolved;

    /** The latest incident body seen, so a bare resolve event can still name the incident. */
    public io.phalanx.core.report.ReplayReport.Incident lastIncident;
}
