package io.phalanx.jobs.slo.functions;

import io.phalanx.core.slo.BurnRateAlertRule;
import io.phalanx.core.slo.MultiWindowBurnRateAlert;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloEvaluator;
import io.phalanx.core.slo.SloStatus;
import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.records.AlertTransition;
import io.phalanx.jobs.slo.records.PendingCounts;
import io.phalanx.jobs.slo.records.SliEvent;
import io.phalanx.jobs.slo.records.SloEvaluatorState;
import io.phalanx.jobs.slo.records.SloStatusRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per SLO (keyed by its name), in event time: counts good and total SLI events in the SLO's buckets
 * and, when the watermark passes a bucket boundary, evaluates every multi-window burn-rate alert,
 * the error budget and the projected exhaustion with core's {@link SloEvaluator}. Emits one {@link
 * SloStatusRecord} per evaluation and, on the {@link #ALERTS} side output, an {@link
 * AlertTransition} whenever an alert fires or resolves (both windows above the threshold to fire,
 * the Workbook's reset; fewer than {@code minimumEvents} in a window holds the state).
 *
 * <p>State per SLO: {@code pending}, the counts of buckets the watermark has not passed yet (one
 * entry per bucket with events, removed when its boundary is evaluated), and {@code evaluator}, the
 * counter ring sized to the SLO's longest window plus each alert's firing flag (bounded by the
 * definition, kept for as long as the SLO is defined). One event-time timer per bucket with events,
 * at its closing boundary.
 *
 * <p>Boundaries without events are evaluated when the next bucket with events closes (at most the
 * longest alert window back: older quiet boundaries cannot change any alert), so alerts reset over
 * quiet spells; status records are emitted only for the boundary that fired the timer, transitions
 * for every evaluated one. A bucket whose boundary was already evaluated (late data) is still
 * counted, from the next evaluation on, and the last boundary is re-evaluated; events older than
 * the longest window are dropped and counted ({@link SloStatusRecord#droppedEvents}). In a bucket,
 * good events above total events (good and total are separate series) are capped at total.
 */
public class SloBurnRateEvaluator extends KeyedProcessFunction<String, SliEvent, SloStatusRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<AlertTransition> ALERTS =
            new OutputTag<>("slo-alert-transitions", TypeInformation.of(AlertTransition.class));

    private final SloCatalog catalog;
    private transient Map<String, SloDefinition> slos;
    private transient Map<String, long[]> windows;
    private transient ValueState<SloEvaluatorState> evaluatorState;
    private transient MapState<Long, PendingCounts> pending;

    public SloBurnRateEvaluator(SloCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void open(OpenContext ctx) {
        slos = new HashMap<>();
        windows = new HashMap<>();
        for (SloDefinition d : catalog.slos()) {
            slos.put(d.name(), d);
            TreeSet<Long> w = new TreeSet<>();
            for (BurnRateAlertRule r : d.alerting().rules()) {
                w.add(r.shortWindow().toMillis());
                w.add(r.longWindow().toMillis());
            }
            w.add(d.alerting().projectionWindow().toMillis());
            windows.put(d.name(), w.stream().mapToLong(Long::longValue).toArray());
        }
        evaluatorState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "evaluator", TypeInformation.of(SloEvaluatorState.class)));
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending",
                                        Types.LONG,
                                        TypeInformation.of(PendingCounts.class)));
    }

    @Override
    public void processElement(SliEvent e, Context ctx, Collector<SloStatusRecord> out)
            throws Exception {
        SloDefinition slo = slos.get(e.slo);
        if (slo == null) {
            return;
        }
        long bucket = slo.alerting().bucket().toMillis();
        long start = Math.floorDiv(e.timestampMillis, bucket) * bucket;
        PendingCounts c = pending.get(start);
        if (c == null) {
            c = new PendingCounts();
            ctx.timerService().registerEventTimeTimer(start + bucket);
        }
        c.good += e.good;
        c.total += e.total;
        pending.put(start, c);
    }

    @Override
    public void onTimer(long boundary, OnTimerContext ctx, Collector<SloStatusRecord> out)
            throws Exception {
        SloDefinition slo = slos.get(ctx.getCurrentKey());
        if (slo == null) {
            // The SLO was removed from the files since this state was checkpointed.
            evaluatorState.clear();
            pending.clear();
            return;
        }
        long bucket = slo.alerting().bucket().toMillis();
        SloEvaluatorState st = evaluatorState.value();
        SloEvaluator evaluator;
        if (st == null) {
            st = new SloEvaluatorState();
            evaluator = new SloEvaluator(slo);
        } else {
            evaluator = SloEvaluator.restore(slo, st.snapshot());
        }
        long last = st.lastEvaluatedMillis;

        TreeMap<Long, PendingCounts> due = new TreeMap<>();
        for (Map.Entry<Long, PendingCounts> p : pending.entries()) {
            if (p.getKey() + bucket <= boundary) {
                due.put(p.getKey(), p.getValue());
            }
        }
        for (Long k : due.keySet()) {
            pending.remove(k);
        }

        long from;
        if (last == Long.MIN_VALUE) {
            from = boundary;
        } else if (boundary <= last) {
            from = last; // late data: re-evaluate the last boundary with it
        } else {
            long longestRule = 0;
            for (BurnRateAlertRule r : slo.alerting().rules()) {
                longestRule = Math.max(longestRule, r.longWindow().toMillis());
            }
            from = Math.max(last + bucket, boundary - longestRule);
        }
        long to = Math.max(boundary, last);
        SloStatus status = null;
        for (long t = from; t <= to; t += bucket) {
            while (!due.isEmpty() && due.firstKey() < t) {
                Map.Entry<Long, PendingCounts> b = due.pollFirstEntry();
                if (last != Long.MIN_VALUE && b.getKey() + bucket <= last) {
                    st.lateEvents += b.getValue().total;
                }
                long total = b.getValue().total;
                evaluator.record(
                        Instant.ofEpochMilli(b.getKey()),
                        Math.min(b.getValue().good, total),
                        total);
            }
            status = evaluator.evaluate(Instant.ofEpochMilli(t));
            for (MultiWindowBurnRateAlert.Evaluation a : status.alerts()) {
                if (a.transition() != MultiWindowBurnRateAlert.Transition.NONE) {
                    ctx.output(ALERTS, transition(slo, a));
                }
            }
        }
        SloEvaluatorState.of(evaluator.snapshot(), st);
        st.lastEvaluatedMillis = to;
        evaluatorState.update(st);
        out.collect(record(slo, status, evaluator, st));
    }

    private SloStatusRecord record(
            SloDefinition slo, SloStatus s, SloEvaluator evaluator, SloEvaluatorState st) {
        SloStatusRecord r = new SloStatusRecord();
        r.slo = slo.name();
        r.service = slo.service();
        r.atMillis = s.at().toEpochMilli();
        r.objective = slo.objective();
        r.windowMillis = windows.get(slo.name()).clone();
        r.burnRates = new double[r.windowMillis.length];
        for (int i = 0; i < r.windowMillis.length; i++) {
            r.burnRates[i] =
                    evaluator
                            .counter()
                            .counts(Duration.ofMillis(r.windowMillis[i]), s.at())
                            .burnRate(slo.objective());
        }
        int n = s.alerts().size();
        r.alertRules = new String[n];
        r.alertSeverities = new String[n];
        r.alertFiring = new boolean[n];
        r.alertTransitions = new String[n];
        r.alertTooFewEvents = new boolean[n];
        r.alertLongBurnRates = new double[n];
        r.alertShortBurnRates = new double[n];
        for (int i = 0; i < n; i++) {
            MultiWindowBurnRateAlert.Evaluation a = s.alerts().get(i);
            r.alertRules[i] = a.rule().name();
            r.alertSeverities[i] = a.rule().severity().name().toLowerCase(Locale.ROOT);
            r.alertFiring[i] = a.firing();
            r.alertTransitions[i] =
                    a.transition() == MultiWindowBurnRateAlert.Transition.NONE
                            ? null
                            : a.transition().name().toLowerCase(Locale.ROOT);
            r.alertTooFewEvents[i] = a.verdict() == MultiWindowBurnRateAlert.Verdict.TOO_FEW_EVENTS;
            r.alertLongBurnRates[i] = a.longBurnRate();
            r.alertShortBurnRates[i] = a.shortBurnRate();
        }
        r.budgetRemaining = s.budget().remaining();
        r.sloWindowGood = s.budget().window().good();
        r.sloWindowTotal = s.budget().window().total();
        r.projectionBurnRate = s.projectionBurnRate();
        r.currentBurnRate = s.currentBurnRate();
        r.timeToExhaustionMillis = s.timeToExhaustion().map(Duration::toMillis).orElse(-1L);
        r.lateEvents = st.lateEvents;
        r.droppedEvents = st.droppedEvents;
        return r;
    }

    private static AlertTransition transition(
            SloDefinition slo, MultiWindowBurnRateAlert.Evaluation a) {
        AlertTransition t = new AlertTransition();
        t.slo = slo.name();
        t.service = slo.service();
        t.rule = a.rule().name();
        t.severity = a.rule().severity().name().toLowerCase(Locale.ROOT);
        t.transition = a.transition().name().toLowerCase(Locale.ROOT);
        t.atMillis = a.at().toEpochMilli();
        t.longWindowMillis = a.rule().longWindow().toMillis();
        t.shortWindowMillis = a.rule().shortWindow().toMillis();
        t.threshold = a.rule().burnRateThreshold();
        t.longBurnRate = a.longBurnRate();
        t.shortBurnRate = a.shortBurnRate();
        return t;
    }

    /** Distinct windows of the SLO's alerts and projection, shortest first (for tests and docs). */
    public static List<Duration> windowsOf(SloDefinition slo) {
        TreeSet<Duration> w = new TreeSet<>();
        for (BurnRateAlertRule r : slo.alerting().rules()) {
            w.add(r.shortWindow());
            w.add(r.longWindow());
        }
        w.add(slo.alerting().projectionWindow());
        return new ArrayList<>(w);
    }
}
