package io.phalanx.jobs.slo.records;

/**
 * An SLO incident the ranker holds: opened by the SLO's first firing alert, closed after a quiet
 * spell.
 */
public class OpenIncident {
    public String slo;
    public String service;
    public long openedAtMillis;
    public boolean active;
    public double currentBurnRate;
    public double budgetRemaining;

    /** Last evaluation at which an alert of the SLO fired. */
    public long lastFiringMillis;

    public OpenIncident() {}
}
