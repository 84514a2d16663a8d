package io.phalanx.jobs.slo.functions;

import io.phalanx.core.slo.ImpactPrioritizer;
import io.phalanx.core.slo.Incident;
import io.phalanx.core.slo.Priority;
import io.phalanx.core.slo.ServiceImpact;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.records.ImpactRecord;
import io.phalanx.jobs.slo.records.OpenIncident;
import io.phalanx.jobs.slo.records.RankedIncident;
import io.phalanx.jobs.slo.records.RankedIncidents;
import io.phalanx.jobs.slo.records.RankerInput;
import io.phalanx.jobs.slo.records.SloStatusRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Ranks the open SLO incidents by business impact with core's {@link ImpactPrioritizer} (one key,
 * parallelism 1: a ranking needs every incident) and re-issues the ranked list whenever it changes.
 *
 * <p>An incident opens when an alert of its SLO fires and stays in the list, recovering, until no
 * alert of the SLO has fired for {@code closeAfter}. Its business impact is the latest record of
 * the impact feed for its service at or before the status, else the impact declared in the SLO
 * file. Statuses and impact updates are buffered and applied in event-time order when the watermark
 * passes them (impact first at equal times), so the arrival order of the two feeds never changes
 * the result. A list is issued when the order, a level, an active flag, the impact, a score (to 0.1
 * point), a burn rate (to 0.1) or a budget (to 0.1 %) differs from the last one issued; a list of
 * none is issued when the last incident closes.
 *
 * <p>State: {@code buffer} (inputs the watermark has not passed; one timer per timestamp), {@code
 * incidents} (open incidents, removed on close), {@code impacts} (latest impact per service,
 * bounded by the number of services), {@code issued} (a signature of the last list).
 */
public class IncidentRanker extends KeyedProcessFunction<Integer, RankerInput, RankedIncidents> {
    private static final long serialVersionUID = 1L;

    private final SloCatalog catalog;
    private final long closeAfterMillis;
    private transient ImpactPrioritizer prioritizer;
    private transient ListState<RankerInput> buffer;
    private transient MapState<String, OpenIncident> incidents;
    private transient MapState<String, ImpactRecord> impacts;
    private transient ValueState<String> issued;

    public IncidentRanker(SloCatalog catalog, long closeAfterMillis) {
        this.catalog = catalog;
        this.closeAfterMillis = closeAfterMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        prioritizer = new ImpactPrioritizer(catalog.rules());
        buffer =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "buffer", TypeInformation.of(RankerInput.class)));
        incidents =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "incidents",
                                        Types.STRING,
                                        TypeInformation.of(OpenIncident.class)));
        impacts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "impacts",
                                        Types.STRING,
                                        TypeInformation.of(ImpactRecord.class)));
        issued = getRuntimeContext().getState(new ValueStateDescriptor<>("issued", Types.STRING));
    }

    @Override
    public void processElement(RankerInput in, Context ctx, Collector<RankedIncidents> out)
            throws Exception {
        buffer.add(in);
        ctx.timerService().registerEventTimeTimer(in.timestampMillis());
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<RankedIncidents> out)
            throws Exception {
        List<RankerInput> due = new ArrayList<>();
        List<RankerInput> later = new ArrayList<>();
        for (RankerInput in : buffer.get()) {
            (in.timestampMillis() <= time ? due : later).add(in);
        }
        buffer.update(later);
        due.sort(
                Comparator.comparingLong(RankerInput::timestampMillis)
                        .thenComparing(in -> in.impact == null)
                        .thenComparing(
                                in -> in.impact != null ? in.impact.service : in.status.slo));
        for (RankerInput in : due) {
            if (in.impact != null) {
                ImpactRecord current = impacts.get(in.impact.service);
                if (current == null || current.timestampMillis <= in.impact.timestampMillis) {
                    impacts.put(in.impact.service, in.impact);
                }
            } else {
                apply(in.status);
            }
        }
        RankedIncidents ranked = rank(time);
        String signature = signature(ranked);
        String last = issued.value();
        if (!signature.equals(last == null ? "" : last)) {
            issued.update(signature);
            out.collect(ranked);
        }
    }

    private void apply(SloStatusRecord s) throws Exception {
        OpenIncident inc = incidents.get(s.slo);
        boolean firing = s.firing();
        if (inc == null) {
            if (!firing) {
                return;
            }
            inc = new OpenIncident();
            inc.slo = s.slo;
            inc.service = s.service;
            inc.openedAtMillis = s.atMillis;
        }
        if (firing) {
            inc.lastFiringMillis = s.atMillis;
        }
        inc.active = firing;
        inc.currentBurnRate = s.currentBurnRate;
        inc.budgetRemaining = s.budgetRemaining;
        if (!firing && s.atMillis - inc.lastFiringMillis >= closeAfterMillis) {
            incidents.remove(s.slo);
        } else {
            incidents.put(s.slo, inc);
        }
    }

    private RankedIncidents rank(long time) throws Exception {
        List<Incident> open = new ArrayList<>();
        for (Map.Entry<String, OpenIncident> e : incidents.entries()) {
            OpenIncident i = e.getValue();
            open.add(
                    new Incident(
                            i.slo,
                            i.service,
                            impactOf(i.slo, i.service, time),
                            Instant.ofEpochMilli(i.openedAtMillis),
                            i.active,
                            i.currentBurnRate,
                            i.budgetRemaining));
        }
        List<ImpactPrioritizer.PrioritizedIncident> ranked = prioritizer.rank(open);
        RankedIncidents r = new RankedIncidents();
        r.atMillis = time;
        r.incidents = new RankedIncident[ranked.size()];
        for (int k = 0; k < ranked.size(); k++) {
            Incident i = ranked.get(k).incident();
            Priority p = ranked.get(k).priority();
            RankedIncident x = new RankedIncident();
            x.rank = k + 1;
            x.slo = i.sloName();
            x.service = i.service();
            x.level = p.level().name();
            x.score = p.score();
            x.rulesVersion = p.rulesVersion();
            x.explanation = p.explanation().toArray(new String[0]);
            x.openedAtMillis = i.openedAt().toEpochMilli();
            x.active = i.active();
            x.currentBurnRate = i.currentBurnRate();
            x.budgetRemaining = i.budgetRemaining();
            x.revenuePerMinute = i.impact().revenuePerMinute();
            x.customerTier = i.impact().customerTier();
            x.usersAffected = i.impact().usersAffected();
            x.impactSource = impacts.contains(i.service()) ? "feed" : "slo file";
            r.incidents[k] = x;
        }
        return r;
    }

    private ServiceImpact impactOf(String slo, String service, long time) throws Exception {
        ImpactRecord fed = impacts.get(service);
        if (fed != null
                && fed.timestampMillis <= time
                && catalog.rules().customerTiers().containsKey(fed.customerTier)) {
            return fed.impact();
        }
        SloDefinition d = catalog.slo(slo);
        return d.impact();
    }

    private static String signature(RankedIncidents r) {
        StringBuilder s = new StringBuilder();
        for (RankedIncident i : r.incidents) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "%s|%s|%b|%.1f|%.1f|%.3f|%s|%s|%d;",
                            i.slo,
                            i.level,
                            i.active,
                            i.score,
                            Double.isNaN(i.currentBurnRate) ? -1 : i.currentBurnRate,
                            i.budgetRemaining,
                            i.revenuePerMinute,
                            i.customerTier,
                            i.usersAffected));
        }
        return s.toString();
    }
}
