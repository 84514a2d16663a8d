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
        this(
                slo,
                new SliCounter(
                        slo.alerting().bucket(), slo.alerting().longestWindow(slo.window())));
    }

    private SloEvaluator(SloDefinition slo, SliCounter counter) {
        this.slo = slo;
        SloDefinition.AlertPolicy policy = slo.alerting();
        this.counter = counter;
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

    /**
     * Everything the evaluator holds between calls, for a stream processor's state store: the
     * counter's ring (shared, not copied) and, per alert rule in definition order, whether it fires
     * and since when (epoch ms, {@code Long.MIN_VALUE} while resolved).
     */
    public record Snapshot(SliCounter.State counter, boolean[] firing, long[] firingSinceMillis) {}

    public Snapshot snapshot() {
        boolean[] firing = new boolean[alerts.size()];
        long[] since = new long[alerts.size()];
        for (int i = 0; i < alerts.size(); i++) {
            MultiWindowBurnRateAlert a = alerts.get(i);
            firing[i] = a.firing();
            since[i] = a.firing() ? a.firingSince().toEpochMilli() : Long.MIN_VALUE;
        }
        return new Snapshot(counter.state(), firing, since);
    }

    /**
     * The evaluator of {@code slo} continuing from {@code snapshot}. Throws if the snapshot does
     * not fit the definition (another bucket, longest window or number of alert rules).
     */
    public static SloEvaluator restore(SloDefinition slo, Snapshot snapshot) {
        SloDefinition.AlertPolicy policy = slo.alerting();
        SloEvaluator e =
                new SloEvaluator(
                        slo,
                        SliCounter.restore(
                                policy.bucket(),
                                policy.longestWindow(slo.window()),
                                Duration.ZERO,
                                snapshot.counter()));
        if (snapshot.firing().length != e.alerts.size()) {
            throw new IllegalArgumentException(
                    slo.name()
                            + ": snapshot has "
                            + snapshot.firing().length
                            + " alert states, the SLO has "
                            + e.alerts.size()
                            + " rules");
        }
        for (int i = 0; i < e.alerts.size(); i++) {
            e.alerts
                    .get(i)
                    .restore(
                            snapshot.firing()[i],
                            snapshot.firing()[i]
                                    ? Instant.ofEpochMilli(snapshot.firingSinceMillis()[i])
                                    : null);
        }
        return e;
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
