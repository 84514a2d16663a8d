package io.phalanx.jobs.slo.records;

/**
 * One evaluation of one SLO at a bucket boundary: burn rates over every window its alerts use, the
 * state of each alert (parallel arrays in the SLO file's rule order), the error budget and the
 * projected time to exhaustion. Burn rates are NaN for a window without events.
 */
public class SloStatusRecord {
    public String slo;
    public String service;
    public long atMillis;
    public double objective;

    /** Distinct alert and projection windows, shortest first, and their burn rates. */
    public long[] windowMillis;

    public double[] burnRates;

    public String[] alertRules;
    public String[] alertSeverities;
    public boolean[] alertFiring;

    /** Per alert: {@code fired}, {@code resolved} or null at this evaluation. */
    public String[] alertTransitions;

    /** Per alert: whether a window had fewer than the minimum events (state held). */
    public boolean[] alertTooFewEvents;

    public double[] alertLongBurnRates;
    public double[] alertShortBurnRates;

    public double budgetRemaining;
    public long sloWindowGood;
    public long sloWindowTotal;
    public double projectionBurnRate;
    public double currentBurnRate;

    /** Time until the budget is gone at the projection burn rate; -1 when not burning. */
    public long timeToExhaustionMillis;

    /** Events that came after their bucket was evaluated (counted from the next evaluation). */
    public long lateEvents;

    /** Events older than the longest window when they came (not counted). */
    public long droppedEvents;

    public SloStatusRecord() {}

    public boolean firing() {
        for (boolean f : alertFiring) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** Burn rate over {@code windowMillis}, NaN when that window is not one of this SLO's. */
    public double burnRate(long window) {
        for (int i = 0; i < windowMillis.length; i++) {
            if (windowMillis[i] == window) {
                return burnRates[i];
            }
        }
        return Double.NaN;
    }

    public boolean alertFiring(String rule) {
        for (int i = 0; i < alertRules.length; i++) {
            if (alertRules[i].equals(rule)) {
                return alertFiring[i];
            }
        }
        throw new IllegalArgumentException("no alert rule " + rule);
    }

    @Override
    public String toString() {
        return slo + "@" + atMillis + " burn " + currentBurnRate + " budget " + budgetRemaining;
    }
}
