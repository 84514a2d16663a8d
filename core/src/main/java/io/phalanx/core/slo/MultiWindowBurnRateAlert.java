package io.phalanx.core.slo;

import java.time.Instant;

/**
 * The state of one {@link BurnRateAlertRule} for one SLO: firing or resolved.
 *
 * <p>Each evaluation reads the long and the short window from the SLO's {@link SliCounter}:
 *
 * <ul>
 *   <li>both burn rates strictly above the threshold: the alert fires (or keeps firing);
 *   <li>otherwise, with enough events in both windows: the alert resolves. This is the Workbook's
 *       reset: once the problem stops, the short window drops below the threshold within its own
 *       length (5 minutes for the 1 h / 5 m pair) although the long window still remembers it;
 *   <li>fewer than {@code minimumEvents} total events in either window (low traffic): too little
 *       evidence either way, so the state is kept. A quiet night neither pages on three failed
 *       requests out of five nor silently resolves a page because clients stopped calling.
 * </ul>
 *
 * <p>This matches a Prometheus alerting rule {@code long > t and short > t} with {@code for: 0m}
 * whenever both windows hold at least {@code minimumEvents} events (checked against promtool in
 * {@code PromtoolCrossCheckTest}). Evaluations are expected in non-decreasing time; each one stands
 * alone apart from the held state.
 */
public final class MultiWindowBurnRateAlert {
    private final BurnRateAlertRule rule;
    private final double objective;
    private final long minimumEvents;
    private boolean firing;
    private Instant firingSince;

    public MultiWindowBurnRateAlert(BurnRateAlertRule rule, double objective, long minimumEvents) {
        if (minimumEvents < 1) {
            throw new IllegalArgumentException("minimumEvents must be >= 1");
        }
        this.rule = rule;
        this.objective = objective;
        this.minimumEvents = minimumEvents;
    }

    /** What the windows showed at one evaluation. */
    public enum Verdict {
        /** Both windows burn above the threshold. */
        BOTH_ABOVE,
        /** Enough events, and at least one window is at or below the threshold. */
        NOT_BOTH_ABOVE,
        /** A window has fewer events than the minimum; the previous state is kept. */
        TOO_FEW_EVENTS
    }

    /** Whether this evaluation changed the alert's state. */
    public enum Transition {
        NONE,
        FIRED,
        RESOLVED
    }

    /**
     * One evaluation of the pair.
     *
     * @param longBurnRate burn rate over the long window, NaN when it holds no events
     * @param firing state after this evaluation
     * @param firingSince when the current firing period began; null while resolved
     */
    public record Evaluation(
            BurnRateAlertRule rule,
            Instant at,
            WindowCounts longWindow,
            WindowCounts shortWindow,
            double longBurnRate,
            double shortBurnRate,
            Verdict verdict,
            boolean firing,
            Transition transition,
            Instant firingSince) {}

    /** Evaluates at {@code now}, normally a bucket boundary. */
    public Evaluation evaluate(SliCounter counter, Instant now) {
        WindowCounts longCounts = counter.counts(rule.longWindow(), now);
        WindowCounts shortCounts = counter.counts(rule.shortWindow(), now);
        double longBurn = longCounts.burnRate(objective);
        double shortBurn = shortCounts.burnRate(objective);
        Verdict verdict;
        if (longCounts.total() < minimumEvents || shortCounts.total() < minimumEvents) {
            verdict = Verdict.TOO_FEW_EVENTS;
        } else if (longBurn > rule.burnRateThreshold() && shortBurn > rule.burnRateThreshold()) {
            verdict = Verdict.BOTH_ABOVE;
        } else {
            verdict = Verdict.NOT_BOTH_ABOVE;
        }
        Transition transition = Transition.NONE;
        if (verdict == Verdict.BOTH_ABOVE && !firing) {
            firing = true;
            firingSince = now;
            transition = Transition.FIRED;
        } else if (verdict == Verdict.NOT_BOTH_ABOVE && firing) {
            firing = false;
            firingSince = null;
            transition = Transition.RESOLVED;
        }
        return new Evaluation(
                rule,
                now,
                longCounts,
                shortCounts,
                longBurn,
                shortBurn,
                verdict,
                firing,
                transition,
                firingSince);
    }

    /** Sets the held state, e.g. when a stream processor restores it from its state store. */
    public void restore(boolean firing, Instant firingSince) {
        if (firing && firingSince == null) {
            throw new IllegalArgumentException("a firing alert needs the time it fired");
        }
        this.firing = firing;
        this.firingSince = firing ? firingSince : null;
    }

    /** When the current firing period began; null while resolved. */
    public Instant firingSince() {
        return firingSince;
    }

    public BurnRateAlertRule rule() {
        return rule;
    }

    public boolean firing() {
        return firing;
    }
}
