package io.phalanx.core.slo;

import java.time.Duration;
import java.util.List;

/**
 * One SLO as read from an OpenSLO v1 file: a ratio SLI (good events over total events) that must
 * stay at or above {@code objective} over a rolling {@code window}, plus how Phalanx alerts on it
 * and what it costs when it fails. Only event-based ("Occurrences") budgeting is modelled: the
 * error budget is {@code (1 - objective)} of the events in the window.
 *
 * @param name the SLO's {@code metadata.name}; unique within a deployment
 * @param service the OpenSLO {@code spec.service} the SLO belongs to
 * @param objective target ratio of good events, strictly between 0 and 1 (e.g. 0.999)
 * @param window rolling SLO window (e.g. 28 or 30 days) over which the budget is counted
 * @param alerting burn-rate alert windows, bucket size and the low-traffic floor
 * @param impact business impact used to prioritise incidents of this SLO
 */
public record SloDefinition(
        String name,
        String service,
        String description,
        RatioIndicator indicator,
        double objective,
        Duration window,
        AlertPolicy alerting,
        ServiceImpact impact) {

    public SloDefinition {
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException(
                    name + ": objective must be in (0, 1), got " + objective);
        }
        alerting.checkFits(window);
    }

    /** Fraction of events allowed to be bad: {@code 1 - objective}. */
    public double errorBudgetRatio() {
        return 1 - objective;
    }

    /**
     * Where good and total event counts come from. {@code type} is the OpenSLO metric source type:
     * {@code Prometheus} (and other metric backends) with a query, or {@code Phalanx} for Phalanx's
     * own KPIs, where the query names a KPI predicate such as {@code segment_loss_ratio < 0.001}.
     */
    public record MetricSource(String type, String query) {}

    /** An OpenSLO {@code ratioMetric} with {@code good} and {@code total}. */
    public record RatioIndicator(String name, MetricSource good, MetricSource total) {}

    /**
     * How Phalanx evaluates the SLO (the {@code x-phalanx} block of the file).
     *
     * @param bucket granularity of the event counter; every window is a whole number of buckets
     * @param minimumEvents low-traffic floor: an alert window with fewer total events than this
     *     carries too little evidence, so the alert neither fires nor resets on it (it keeps its
     *     previous state). At least 1, so an empty window never decides anything.
     * @param rules the multi-window pairs, by default the Workbook's two pages and one ticket
     * @param projectionWindow window whose burn rate projects the time to budget exhaustion
     */
    public record AlertPolicy(
            Duration bucket,
            long minimumEvents,
            List<BurnRateAlertRule> rules,
            Duration projectionWindow) {

        public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(1);
        public static final long DEFAULT_MINIMUM_EVENTS = 10;

        public AlertPolicy {
            rules = List.copyOf(rules);
            if (bucket.isNegative() || bucket.isZero()) {
                throw new IllegalArgumentException("bucket must be positive");
            }
            if (minimumEvents < 1) {
                throw new IllegalArgumentException(
                        "minimumEvents must be >= 1, got " + minimumEvents);
            }
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("at least one burn-rate alert is required");
            }
        }

        /** The Workbook's three pairs, one-minute buckets, at least 10 events per window. */
        public static AlertPolicy workbookDefaults() {
            return new AlertPolicy(
                    DEFAULT_BUCKET,
                    DEFAULT_MINIMUM_EVENTS,
                    List.of(
                            BurnRateAlertRule.workbookFastPage(),
                            BurnRateAlertRule.workbookSlowPage(),
                            BurnRateAlertRule.workbookTicket()),
                    Duration.ofHours(1));
        }

        /** Longest window the counter must remember: the SLO window or a longer alert window. */
        public Duration longestWindow(Duration sloWindow) {
            Duration longest = sloWindow;
            for (BurnRateAlertRule r : rules) {
                if (r.longWindow().compareTo(longest) > 0) {
                    longest = r.longWindow();
                }
            }
            return longest.compareTo(projectionWindow) >= 0 ? longest : projectionWindow;
        }

        void checkFits(Duration sloWindow) {
            checkWhole(sloWindow, "SLO window");
            checkWhole(projectionWindow, "projection window");
            for (BurnRateAlertRule r : rules) {
                checkWhole(r.longWindow(), r.name() + " long window");
                checkWhole(r.shortWindow(), r.name() + " short window");
                if (r.longWindow().compareTo(sloWindow) > 0) {
                    throw new IllegalArgumentException(
                            r.name()
                                    + " long window "
                                    + r.longWindow()
                                    + " exceeds the SLO window "
                                    + sloWindow);
                }
            }
        }

        private void checkWhole(Duration d, String what) {
            if (d.isZero() || d.isNegative() || d.toMillis() % bucket.toMillis() != 0) {
                throw new IllegalArgumentException(
                        what
                                + " "
                                + d
                                + " is not a positive whole number of "
                                + bucket
                                + " buckets");
            }
        }
    }
}
