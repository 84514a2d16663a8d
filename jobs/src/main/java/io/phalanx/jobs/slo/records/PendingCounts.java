package io.phalanx.jobs.slo.records;

/** Good and total events of one not yet evaluated bucket. */
public class PendingCounts {
    public long good;
    public long total;

    public PendingCounts() {}
}
