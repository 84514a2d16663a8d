package io.phalanx.jobs.slo.records;

/** One open SLO incident in a ranked list, with its priority and every term of its score. */
public class RankedIncident {
    /** 1 is the most urgent. */
    public int rank;

    public String slo;
    public String service;

    /** P1..P5. */
    public String level;

    public double score;
    public String rulesVersion;

    /** One line per score term, then the total (see {@code Priority#explanation}). */
    public String[] explanation;

    public long openedAtMillis;

    /** Whether a burn-rate alert of the SLO fires now (false: recovering, not yet closed). */
    public boolean active;

    public double currentBurnRate;
    public double budgetRemaining;
    public double revenuePerMinute;
    public String customerTier;
    public long usersAffected;

    /** {@code feed} (the business-impact feed) or {@code slo file} (declared next to the SLO). */
    public String impactSource;

    public RankedIncident() {}

    @Override
    public String toString() {
        return rank + ". " + slo + " " + level + " " + String.format("%.1f", score);
    }
}
