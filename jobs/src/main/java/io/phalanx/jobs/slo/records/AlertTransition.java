package io.phalanx.jobs.slo.records;

/**
 * A burn-rate alert of one SLO fired or resolved at {@code atMillis} (a bucket boundary), with the
 * burn rates over both windows that decided it.
 */
public class AlertTransition {
    public String slo;
    public String service;
    public String rule;

    /** {@code page} or {@code ticket}. */
    public String severity;

    /** {@code fired} or {@code resolved}. */
    public String transition;

    public long atMillis;
    public long longWindowMillis;
    public long shortWindowMillis;
    public double threshold;
    public double longBurnRate;
    public double shortBurnRate;

    public AlertTransition() {}

    @Override
    public String toString() {
        return slo + " " + rule + " " + transition + " @" + atMillis;
    }
}
