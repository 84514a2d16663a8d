package io.phalanx.jobs.slo.records;

/** Either an SLO status or a business-impact update, so the ranker is one keyed input. */
public class RankerInput {
    public SloStatusRecord status;
    public ImpactRecord impact;

    public RankerInput() {}

    public static RankerInput of(SloStatusRecord s) {
        RankerInput i = new RankerInput();
        i.status = s;
        return i;
    }

    public static RankerInput of(ImpactRecord r) {
        RankerInput i = new RankerInput();
        i.impact = r;
        return i;
    }

    public long timestampMillis() {
        return status != null ? status.atMillis : impact.timestampMillis;
    }
}
