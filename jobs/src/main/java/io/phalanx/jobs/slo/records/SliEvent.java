package io.phalanx.jobs.slo.records;

/**
 * Good and total SLI events of one SLO that happened at (just before) {@code timestampMillis}: the
 * contract between SLI sources (metric counters today, Phalanx's own KPIs later) and the windowed
 * burn-rate operator. Either count may be zero: good and total often come from different series,
 * and the operator adds them per bucket before it checks {@code good <= total}.
 */
public class SliEvent {
    public String slo;
    public long timestampMillis;
    public long good;
    public long total;

    public SliEvent() {}

    public SliEvent(String slo, long timestampMillis, long good, long total) {
        this.slo = slo;
        this.timestampMillis = timestampMillis;
        this.good = good;
        this.total = total;
    }

    @Override
    public String toString() {
        return slo + "@" + timestampMillis + " " + good + "/" + total;
    }
}
