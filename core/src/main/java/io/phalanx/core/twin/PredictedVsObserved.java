package io.phalanx.core.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stored prediction against what was observed later, figure by figure: per service the mean
 * utilisation and the request-weighted mean response; per class the request-weighted mean latency
 * and the average per-minute p99. Observed figures are aggregated from the observed history the
 * same way the prediction aggregated its minutes, so the two sides are like for like.
 */
public final class PredictedVsObserved {
    /**
     * One compared figure.
     *
     * @param relativeError (predicted − observed) / observed; NaN when either side is missing
     */
    public record Row(String kind, String name, String figure, double predicted, double observed) {
        public double relativeError() {
            return (predicted - observed) / observed;
        }
    }

    private PredictedVsObserved() {}

    public static List<Row> compare(TwinResultFile.Stored predicted, TwinHistory observed) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, TwinRun.ServiceSummary> e : predicted.services().entrySet()) {
            String s = e.getKey();
            double util = 0;
            int n = 0;
            double weighted = 0;
            double weight = 0;
            for (TwinHistory.Minute m : observed.minutes()) {
                TwinHistory.ServiceMinute sm = m.services().get(s);
                if (sm == null) {
                    continue;
                }
                if (!Double.isNaN(sm.utilisation())) {
                    util += sm.utilisation();
                    n++;
                }
                if (sm.arrivalRate() > 0 && sm.meanSeconds() > 0) {
                    weighted += sm.arrivalRate() * sm.meanSeconds();
                    weight += sm.arrivalRate();
                }
            }
            if (n > 0) {
                rows.add(
                        new Row(
                                "service",
                                s,
                                "utilisation",
                                e.getValue().meanUtilisation(),
                                util / n));
            }
            if (weight > 0) {
                rows.add(
                        new Row(
                                "service",
                                s,
                                "mean latency s",
                                e.getValue().meanSeconds(),
                                weighted / weight));
            }
        }
        for (Map.Entry<String, TwinRun.ClassSummary> e : predicted.classes().entrySet()) {
            String c = e.getKey();
            double weighted = 0;
            double weight = 0;
            double p99 = 0;
            int n = 0;
            for (TwinHistory.Minute m : observed.minutes()) {
                TwinHistory.ClassMinute cm = m.classes().get(c);
                if (cm == null) {
                    continue;
                }
                if (cm.arrivalRate() > 0 && cm.meanSeconds() > 0) {
                    weighted += cm.arrivalRate() * cm.meanSeconds();
                    weight += cm.arrivalRate();
                }
                if (cm.p99Seconds() > 0) {
                    p99 += cm.p99Seconds();
                    n++;
                }
            }
            if (weight > 0) {
                rows.add(
                        new Row(
                                "class",
                                c,
                                "mean latency s",
                                e.getValue().meanSeconds(),
                                weighted / weight));
            }
            if (n > 0) {
                rows.add(new Row("class", c, "p99 latency s", e.getValue().p99Seconds(), p99 / n));
            }
        }
        return rows;
    }

    /** The rows as an aligned text table with signed percentage errors. */
    public static String format(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %-20s %-16s %12s %12s %9s%n",
                        "kind",
                        "name",
                        "figure",
                        "predicted",
                        "observed",
                        "error"));
        for (Row r : rows) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-8s %-20s %-16s %12.4f %12.4f %+8.1f%%%n",
                            r.kind(),
                            r.name(),
                            r.figure(),
                            r.predicted(),
                            r.observed(),
                            100 * r.relativeError()));
        }
        return b.toString();
    }
}
