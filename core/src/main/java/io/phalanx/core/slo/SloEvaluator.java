package io.phalanx.core.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything Phalanx computes for one SLO: it counts good/total events in an {@link SliCounter}
 * sized to the longest window and, at each evaluation, runs every {@link MultiWindowBurnRateAlert}
 * of the SLO and reads the error budget.
 *
 * <p>Intended use (and what the Flink operator keyed by SLO will do): record events as they come,
 * evaluate once per bucket at the bucket boundary, in non-decreasing time. The only state is the
 * counter's ring and each alert's firing flag; both are bounded by the SLO definition.
 */
public final class SloEvaluator {
    private final SloDefinition slo;
    private final SliCounter counter;
    private final List<MultiWindowBurnRateAlert> alerts;
    private final Duration currentWindow;

    public SloEvaluator(SloDefinition slo) {
        this.slo = slo;
        SloDefinition.AlertPolicy policy = slo.alerting();
        this.counter = new SliCounter(policy.bucket(), policy.longestWindow(slo.window()));
        List<MultiWindowBurnRateAlert> a = new ArrayList<>();
        Duration shortest = policy.projectionWindow();
        for (BurnRateAlertRule rule : policy.rules()) {
            a.add(new MultiWindowBurnRateAlert(rule, slo.objective(), policy.minimumEvents()));
            if (rule.shortWindow().compareTo(shortest) < 0) {
                shortest = rule.shortWindow();
            }
        }
        this.alerts = List.copyOf(a);
        this.currentWindow = shortest;
    }

    public SloDefinition slo() {
        return slo;
    }

    /** Adds events; see {@link SliCounter#record(long, long, long)}. */
    public boolean record(Instant at, long good, long total) {
        return counter.record(at.toEpochMilli(), good, total);
    }

    public SliCounter counter() {
        return counter;
    }

    /** Evaluates all alerts and the budget at {@code now}, normally a bucket boundary. */
    public SloStatus evaluate(Instant now) {
        List<MultiWindowBurnRateAlert.Evaluation> evaluations = new ArrayList<>(alerts.size());
        for (MultiWindowBurnRateAlert alert : alerts) {
            evaluations.add(alert.evaluate(counter, now));
        }
        SloDefinition.AlertPolicy policy = slo.alerting();
        ErrorBudget budget =
                new ErrorBudget(slo.objective(), slo.window(), counter.counts(slo.window(), now));
        WindowCounts projection = counter.counts(policy.projectionWindow(), now);
        WindowCounts current = counter.counts(currentWindow, now);
        double projectionBurn = projection.burnRate(slo.objective());
        // The shortest alert window says what users see right now; with too few events in it,
        // the projection window is the better estimate.
        double currentBurn =
                current.total() >= policy.minimumEvents()
                        ? current.burnRate(slo.objective())
                        : projectionBurn;
        return new SloStatus(
                slo.name(),
                slo.service(),
                now,
                List.copyOf(evaluations),
                budget,
                projectionBurn,
                currentBurn,
                budget.timeToExhaustion(projectionBurn));
    }
}
