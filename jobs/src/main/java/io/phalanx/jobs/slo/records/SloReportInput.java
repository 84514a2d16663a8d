package io.phalanx.jobs.slo.records;

/**
 * One of: an SLO status, an alert transition, a ranked list, or the network report JSON they are
 * merged into (the replay report's SLO section and SLO incidents).
 */
public class SloReportInput {
    public SloStatusRecord status;
    public AlertTransition transition;
    public RankedIncidents ranking;
    public String reportJson;

    public SloReportInput() {}

    public static SloReportInput of(SloStatusRecord s) {
        SloReportInput i = new SloReportInput();
        i.status = s;
        return i;
    }

    public static SloReportInput of(AlertTransition t) {
        SloReportInput i = new SloReportInput();
        i.transition = t;
        return i;
    }

    public static SloReportInput ofReport(String json) {
        SloReportInput i = new SloReportInput();
        i.reportJson = json;
        return i;
    }

    public static SloReportInput of(RankedIncidents r) {
        SloReportInput i = new SloReportInput();
        i.ranking = r;
        return i;
    }
}
