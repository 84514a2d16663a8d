package io.phalanx.core.incident;

/**
 * A segment's figures summed over every KPI interval so far: what clears it (mean time to
 * innocence) or backs a hypothesis against it. Flink POJO.
 */
public class SegmentTotals {
    public String from;
    public String to;
    public long intervals;
    public long packets;
    public long lost;
    public long reordered;
    public long retransmissions;

    /** Highest interval median latency, ms (NaN-free: intervals without latency are skipped). */
    public double maxP50Ms;

    public SegmentTotals() {}

    public void add(Signal kpi) {
        from = kpi.from;
        to = kpi.to;
        intervals++;
        packets += kpi.packets;
        lost += kpi.lost;
        reordered += kpi.reordered;
        retransmissions += kpi.retransmissions;
        if (!Double.isNaN(kpi.p50Ms)) {
            maxP50Ms = Math.max(maxP50Ms, kpi.p50Ms);
        }
    }

    public double lossRatio() {
        return packets == 0 ? 0 : (double) lost / packets;
    }

    public double reorderRatio() {
        long arrived = packets - lost;
        return arrived <= 0 ? 0 : (double) reordered / arrived;
    }
}
