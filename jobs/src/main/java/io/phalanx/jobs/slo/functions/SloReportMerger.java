package io.phalanx.jobs.slo.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloFileParser;
import io.phalanx.jobs.slo.SliSource;
import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.records.AlertTransition;
import io.phalanx.jobs.slo.records.RankedIncident;
import io.phalanx.jobs.slo.records.RankedIncidents;
import io.phalanx.jobs.slo.records.SloReportInput;
import io.phalanx.jobs.slo.records.SloStatusRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds the SLO section to the replay report at the end of input (one key, parallelism 1): {@code
 * slos[]} from each SLO's last status and its alert transitions, and one incident per entry of the
 * last ranked list with its {@code priority} (rank, level, score, explanation). SLOs that never
 * counted an event are listed with a note saying why.
 *
 * <p>State: the last status per SLO, every alert transition, the last ranked list and the network
 * report JSON; all cleared when the merged report is emitted (timer at {@code Long.MAX_VALUE}).
 */
public class SloReportMerger extends KeyedProcessFunction<Integer, SloReportInput, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SloCatalog catalog;
    private transient MapState<String, SloStatusRecord> statuses;
    private transient ListState<AlertTransition> transitions;
    private transient ValueState<RankedIncidents> ranking;
    private transient ValueState<String> report;

    public SloReportMerger(SloCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void open(OpenContext ctx) {
        statuses =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "statuses",
                                        Types.STRING,
                                        TypeInformation.of(SloStatusRecord.class)));
        transitions =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "transitions", TypeInformation.of(AlertTransition.class)));
        ranking =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "ranking", TypeInformation.of(RankedIncidents.class)));
        report = getRuntimeContext().getState(new ValueStateDescriptor<>("report", Types.STRING));
    }

    @Override
    public void processElement(SloReportInput in, Context ctx, Collector<String> out)
            throws Exception {
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        if (in.status != null) {
            SloStatusRecord last = statuses.get(in.status.slo);
            if (last == null || last.atMillis <= in.status.atMillis) {
                statuses.put(in.status.slo, in.status);
            }
        } else if (in.transition != null) {
            transitions.add(in.transition);
        } else if (in.ranking != null) {
            RankedIncidents last = ranking.value();
            if (last == null || last.atMillis <= in.ranking.atMillis) {
                ranking.update(in.ranking);
            }
        } else {
            report.update(in.reportJson);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
            throws Exception {
        ReplayReport r =
                report.value() == null
                        ? new ReplayReport()
                        : JSON.readValue(report.value(), ReplayReport.class);
        List<AlertTransition> all = new ArrayList<>();
        transitions.get().forEach(all::add);
        all.sort(
                Comparator.comparingLong((AlertTransition t) -> t.atMillis)
                        .thenComparing(t -> t.rule));
        r.slos = new ArrayList<>();
        for (SloDefinition d : catalog.slos()) {
            r.slos.add(slo(d, statuses.get(d.name()), all));
        }
        RankedIncidents ranked = ranking.value();
        if (ranked != null) {
            for (RankedIncident i : ranked.incidents) {
                r.incidents.add(incident(i, ranked.atMillis));
            }
        }
        out.collect(JSON.writeValueAsString(r));
        statuses.clear();
        transitions.clear();
        ranking.clear();
        report.clear();
    }

    private static ReplayReport.Slo slo(
            SloDefinition d, SloStatusRecord s, List<AlertTransition> transitions) {
        ReplayReport.Slo slo = new ReplayReport.Slo();
        slo.name = d.name();
        slo.service = d.service();
        slo.objective = d.objective();
        if (s == null) {
            slo.note =
                    SliSource.of(d) instanceof SliSource.PhalanxKpi k
                            ? "no segment KPI interval of "
                                    + k.from()
                                    + " -> "
                                    + k.to()
                                    + " in the captures"
                            : "no event of its good/total series in the metrics feed";
            for (Duration w : SloBurnRateEvaluator.windowsOf(d)) {
                slo.burnRates.put(SloFileParser.format(w), null);
            }
            return slo;
        }
        slo.evaluatedAt = Instant.ofEpochMilli(s.atMillis).toString();
        for (int i = 0; i < s.windowMillis.length; i++) {
            slo.burnRates.put(
                    SloFileParser.format(Duration.ofMillis(s.windowMillis[i])),
                    finite(s.burnRates[i]));
        }
        slo.budgetRemaining = finite(s.budgetRemaining);
        slo.timeToExhaustion =
                s.timeToExhaustionMillis < 0
                        ? null
                        : Duration.ofMillis(s.timeToExhaustionMillis).toString();
        slo.goodEvents = s.sloWindowGood;
        slo.totalEvents = s.sloWindowTotal;
        for (int i = 0; i < s.alertRules.length; i++) {
            if (s.alertFiring[i]) {
                slo.firing.add(s.alertRules[i]);
            }
        }
        for (AlertTransition t : transitions) {
            if (t.slo.equals(d.name())) {
                ReplayReport.SloAlert a = new ReplayReport.SloAlert();
                a.rule = t.rule;
                a.severity = t.severity;
                a.transition = t.transition;
                a.at = Instant.ofEpochMilli(t.atMillis).toString();
                a.longWindow = SloFileParser.format(Duration.ofMillis(t.longWindowMillis));
                a.shortWindow = SloFileParser.format(Duration.ofMillis(t.shortWindowMillis));
                a.threshold = t.threshold;
                a.longBurnRate = finite(t.longBurnRate);
                a.shortBurnRate = finite(t.shortBurnRate);
                slo.alerts.add(a);
            }
        }
        return slo;
    }

    private static ReplayReport.Incident incident(RankedIncident i, long atMillis) {
        ReplayReport.Incident x = new ReplayReport.Incident();
        x.id = "slo:" + i.slo;
        x.start = i.openedAtMillis * 1_000_000L;
        x.end = atMillis * 1_000_000L;
        x.severity =
                switch (i.level) {
                    case "P1" -> "critical";
                    case "P2" -> "major";
                    default -> "minor";
                };
        x.title =
                String.format(
                        Locale.ROOT,
                        "%s: SLO %s %s, burn rate %.1f now, %.1f %% of the error budget left",
                        i.service,
                        i.slo,
                        i.active ? "alerting" : "recovering (no alert firing)",
                        Double.isNaN(i.currentBurnRate) ? 0 : i.currentBurnRate,
                        100 * i.budgetRemaining);
        x.narrative =
                String.format(
                        Locale.ROOT,
                        "Ranked %d by business impact: %s with score %.1f (rules version %s);"
                                + " impact from the %s: %s per minute, tier %s, %d users.",
                        i.rank,
                        i.level,
                        i.score,
                        i.rulesVersion,
                        i.impactSource,
                        i.revenuePerMinute,
                        i.customerTier,
                        i.usersAffected);
        ReplayReport.IncidentPriority p = new ReplayReport.IncidentPriority();
        p.rank = i.rank;
        p.level = i.level;
        p.score = i.score;
        p.rulesVersion = i.rulesVersion;
        p.explanation = new ArrayList<>(List.of(i.explanation));
        x.priority = p;
        return x;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
