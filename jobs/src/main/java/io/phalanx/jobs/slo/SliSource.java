package io.phalanx.jobs.slo;

import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.slo.SeriesSelector;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloDefinition.MetricSource;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one SLO's good and total events come from. Every source ends in the same stream of {@link
 * io.phalanx.jobs.slo.records.SliEvent}s keyed by SLO, so the windowed burn-rate operator never
 * knows what produced them; adding a source means adding an implementation and the operator that
 * turns its input into {@code SliEvent}s (see {@link SloPipeline}).
 */
public sealed interface SliSource extends Serializable
        permits SliSource.MetricCounters, SliSource.PhalanxKpi {

    String slo();

    /**
     * Good and total are counters in the metrics feed ({@code type: Prometheus} or any other metric
     * backend): the events between two samples of a series are its increase, summed over every
     * series the selector matches (see {@link io.phalanx.jobs.slo.functions.SliEventExtractor}).
     */
    record MetricCounters(String slo, SeriesSelector good, SeriesSelector total)
            implements SliSource {}

    /**
     * Phalanx's own segment KPIs ({@code type: Phalanx}, the time-bucketed {@link
     * io.phalanx.core.kpi.SegmentKpi} stream): one event per KPI interval of the segment, good when
     * the predicate holds. Good is {@code <kpi>{from="a",to="b"} < x} (or {@code <=}) with {@code
     * kpi} one of {@link #KPIS}; total is {@code segment_intervals{from="a",to="b"}} on the same
     * segment. Intervals without packets, and latency intervals without a packet seen at both ends,
     * carry no evidence and are not counted.
     */
    record PhalanxKpi(
            String slo, String kpi, String from, String to, boolean inclusive, double threshold)
            implements SliSource {

        public static final List<String> KPIS =
                List.of(
                        "segment_loss_ratio",
                        "segment_reorder_ratio",
                        "segment_latency_p50_ms",
                        "segment_latency_p99_ms");

        private static final Pattern PREDICATE =
                Pattern.compile("\\s*([a-z0-9_]+)\\s*(\\{[^}]*\\})\\s*(<=?)\\s*([0-9.eE+-]+)\\s*");

        static PhalanxKpi parse(String slo, String good, String total) {
            Matcher m = PREDICATE.matcher(good);
            if (!m.matches() || !KPIS.contains(m.group(1))) {
                throw new IllegalArgumentException(
                        "'"
                                + good
                                + "': a Phalanx KPI SLI is '<kpi>{from=\"a\",to=\"b\"} < x' with"
                                + " <kpi> one of "
                                + KPIS);
            }
            SeriesSelector goodSegment = SeriesSelector.parse(m.group(1) + m.group(2));
            SeriesSelector totalSegment = SeriesSelector.parse(total);
            String from = equalityValue(goodSegment, "from", good);
            String to = equalityValue(goodSegment, "to", good);
            if (!totalSegment.metricName().equals("segment_intervals")
                    || !totalSegment.matches(
                            "segment_intervals", java.util.Map.of("from", from, "to", to))) {
                throw new IllegalArgumentException(
                        "'"
                                + total
                                + "': the total of a Phalanx KPI SLI is segment_intervals{from=\""
                                + from
                                + "\",to=\""
                                + to
                                + "\"}");
            }
            double threshold;
            try {
                threshold = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + good + "': bad threshold " + m.group(4));
            }
            return new PhalanxKpi(slo, m.group(1), from, to, m.group(3).equals("<="), threshold);
        }

        private static String equalityValue(SeriesSelector s, String label, String query) {
            Matcher v = Pattern.compile("\\b" + label + "\\s*=\\s*\"([^\"]*)\"").matcher(query);
            if (!v.find()) {
                throw new IllegalArgumentException(
                        "'" + query + "': name the segment with " + label + "=\"<capture point>\"");
            }
            return v.group(1);
        }

        /** Whether {@code k} is an interval of this SLO's segment that carries evidence. */
        public boolean counts(SegmentKpi k) {
            if (!k.from().equals(from) || !k.to().equals(to) || k.packets() <= 0) {
                return false;
            }
            return value(k) != null;
        }

        /** Whether the interval is good; only meaningful when {@link #counts} is true. */
        public boolean good(SegmentKpi k) {
            double v = value(k);
            return inclusive ? v <= threshold : v < threshold;
        }

        private Double value(SegmentKpi k) {
            return switch (kpi) {
                case "segment_loss_ratio" -> k.lossRatio();
                case "segment_reorder_ratio" -> k.reorderRatio();
                case "segment_latency_p50_ms" -> k.latencyP50Ms();
                default -> k.latencyP99Ms();
            };
        }
    }

    /** The source of {@code slo}; throws {@link IllegalArgumentException} for an unusable query. */
    static SliSource of(SloDefinition slo) {
        MetricSource good = slo.indicator().good();
        MetricSource total = slo.indicator().total();
        boolean phalanxGood = good.type().equalsIgnoreCase("Phalanx");
        boolean phalanxTotal = total.type().equalsIgnoreCase("Phalanx");
        if (phalanxGood != phalanxTotal) {
            throw new IllegalArgumentException(
                    "good and total must both be Phalanx KPIs or both metrics, got "
                            + good.type()
                            + " and "
                            + total.type());
        }
        if (phalanxGood) {
            return PhalanxKpi.parse(slo.name(), good.query(), total.query());
        }
        return new MetricCounters(
                slo.name(),
                SeriesSelector.parse(good.query()),
                SeriesSelector.parse(total.query()));
    }
}
