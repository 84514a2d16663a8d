package io.phalanx.core.twin;

import io.phalanx.core.slo.MultiWindowBurnRateAlert;
import io.phalanx.core.slo.SloEvaluator;
import io.phalanx.core.slo.SloStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a history through the twin: calibrates the declared structure from the history's KPIs,
 * then predicts every minute again with that minute's traffic under the change (a load multiplier,
 * removed links or services, replica overrides), feeds the predicted good and total request counts
 * of each SLO to an {@link SloEvaluator} minute by minute, and recommends at the busiest minute.
 * Stateless and deterministic: a function of its arguments, so a keyed function can call it per
 * service or per scenario request.
 *
 * <p>A class's traffic in a minute is its {@code class_request_rate} when the history has one, else
 * the {@code request_rate} of the service it is named after, else its declared rate. Services of
 * the history the structure does not know are ignored (other teams' metrics in one feed).
 */
public final class TwinReplay {
    /** Relative precision of per-minute path percentiles: far below the model's own error. */
    static final double PERCENTILE_TOLERANCE = 1e-6;

    private TwinReplay() {}

    public static TwinRun run(
            ServiceTopology declared,
            TwinHistory history,
            WhatIfScenario change,
            List<TwinSlo> slos) {
        return run(declared, history, change, Map.of(), slos);
    }

    /**
     * As {@link #run(ServiceTopology, TwinHistory, WhatIfScenario, List)} with a traffic-mix
     * change: each listed class's historical rate is multiplied by its factor (before the
     * scenario's overall load multiplier), so {@code buy=2} at ×1 doubles purchases alone.
     */
    public static TwinRun run(
            ServiceTopology declared,
            TwinHistory history,
            WhatIfScenario change,
            Map<String, Double> classMultipliers,
            List<TwinSlo> slos) {
        for (String c : classMultipliers.keySet()) {
            if (!declared.requestClasses().containsKey(c)) {
                throw new IllegalArgumentException("no request class " + c + " in the twin");
            }
        }
        if (history.minutes().isEmpty()) {
            throw new IllegalArgumentException("the history has no minute with a twin KPI");
        }
        ServiceTopology structure = TwinModelFile.withServersFrom(declared, history);
        Map<String, List<KpiSample>> kpis = new LinkedHashMap<>(history.kpisByService());
        kpis.keySet().retainAll(structure.services().keySet());
        ServiceTopology twin = Calibration.calibrate(structure, kpis);

        Map<String, LatencyObjective> objectives = new LinkedHashMap<>();
        for (TwinSlo s : slos) {
            for (String c : s.classes()) {
                objectives.putIfAbsent(c, s.objective());
            }
        }
        List<SloEvaluator> evaluators = new ArrayList<>();
        slos.forEach(s -> evaluators.add(new SloEvaluator(s.definition())));
        double[] good = new double[slos.size()];
        double[] total = new double[slos.size()];
        double[] worstBurn = new double[slos.size()];
        long[] firstFiring = new long[slos.size()];
        java.util.Arrays.fill(firstFiring, -1);
        List<Set<String>> fired = new ArrayList<>();
        slos.forEach(s -> fired.add(new LinkedHashSet<>()));

        List<TwinRun.MinutePrediction> minutes = new ArrayList<>();
        int peak = 0;
        double peakRate = -1;
        WhatIfScenario peakScenario = null;
        for (int i = 0; i < history.minutes().size(); i++) {
            TwinHistory.Minute m = history.minutes().get(i);
            Map<String, Double> rates = classRates(twin, m);
            classMultipliers.forEach((c, f) -> rates.computeIfPresent(c, (k, r) -> r * f));
            WhatIfScenario scenario = change.withClassRates(rates);
            TopologyPrediction p = twin.predict(scenario);
            Map<String, TwinRun.NodeMinute> nodes = new LinkedHashMap<>();
            for (Map.Entry<String, StationPrediction> e : p.nodes().entrySet()) {
                StationPrediction sp = e.getValue();
                nodes.put(
                        e.getKey(),
                        new TwinRun.NodeMinute(
                                sp.arrivalRate(),
                                sp.offeredUtilisation(),
                                sp.meanResponse(),
                                sp.saturated()));
            }
            Map<String, TwinRun.ClassMinute> classes = new LinkedHashMap<>();
            double minuteRate = 0;
            for (PathPrediction c : p.classes().values()) {
                LatencyObjective o = objectives.get(c.requestClass());
                classes.put(
                        c.requestClass(),
                        new TwinRun.ClassMinute(
                                c.arrivalRate(),
                                c.meanSeconds(),
                                c.percentile(0.50, PERCENTILE_TOLERANCE),
                                c.percentile(0.99, PERCENTILE_TOLERANCE),
                                o == null ? Double.NaN : c.fractionWithin(o.thresholdSeconds()),
                                c.connected()));
                minuteRate += c.arrivalRate();
            }
            minutes.add(new TwinRun.MinutePrediction(m.startMillis(), nodes, classes));
            if (minuteRate > peakRate) {
                peakRate = minuteRate;
                peak = i;
                peakScenario = scenario;
            }
            for (int k = 0; k < slos.size(); k++) {
                TwinSlo slo = slos.get(k);
                double g = 0;
                double t = 0;
                for (String c : slo.classes()) {
                    PathPrediction pc = p.requestClass(c);
                    t += pc.arrivalRate() * 60;
                    g +=
                            pc.arrivalRate()
                                    * 60
                                    * pc.fractionWithin(slo.objective().thresholdSeconds());
                }
                good[k] += g;
                total[k] += t;
                SloEvaluator ev = evaluators.get(k);
                ev.record(Instant.ofEpochMilli(m.startMillis()), Math.round(g), Math.round(t));
                SloStatus st = ev.evaluate(Instant.ofEpochMilli(m.startMillis() + 60_000));
                if (Double.isFinite(st.currentBurnRate())) {
                    worstBurn[k] = Math.max(worstBurn[k], st.currentBurnRate());
                }
                for (MultiWindowBurnRateAlert.Evaluation a : st.alerts()) {
                    if (a.firing()) {
                        fired.get(k).add(a.rule().name());
                        if (firstFiring[k] < 0) {
                            firstFiring[k] = m.startMillis();
                        }
                    }
                }
            }
        }
        List<TwinRun.SloOutcome> sloOutcomes = new ArrayList<>();
        long end = history.minutes().get(history.minutes().size() - 1).startMillis() + 60_000;
        for (int k = 0; k < slos.size(); k++) {
            TwinSlo s = slos.get(k);
            double gf = total[k] == 0 ? 1 : good[k] / total[k];
            sloOutcomes.add(
                    new TwinRun.SloOutcome(
                            s.definition().name(),
                            s.definition().service(),
                            s.objective().thresholdSeconds(),
                            s.objective().objective(),
                            gf,
                            s.objective().burnRate(gf),
                            worstBurn[k],
                            firstFiring[k],
                            List.copyOf(fired.get(k)),
                            evaluators
                                    .get(k)
                                    .evaluate(Instant.ofEpochMilli(end))
                                    .budget()
                                    .remaining()));
        }
        Optional<SaturationPoint> saturation = twin.saturationPoint(peakScenario);
        TopologyPrediction atPeak = twin.predict(peakScenario);
        return new TwinRun(
                change,
                twin,
                List.copyOf(minutes),
                serviceSummaries(twin, minutes, atPeak),
                classSummaries(twin, minutes),
                List.copyOf(sloOutcomes),
                peak,
                saturation,
                Recommendations.replicasToKeepSlo(twin, peakScenario, objectives),
                Recommendations.saturatingLinks(twin, peakScenario, 0.8),
                Recommendations.alternativeRoutes(twin, peakScenario, objectives));
    }

    static Map<String, Double> classRates(ServiceTopology twin, TwinHistory.Minute m) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (RequestClass rc : twin.requestClasses().values()) {
            TwinHistory.ClassMinute c = m.classes().get(rc.name());
            TwinHistory.ServiceMinute s = m.services().get(rc.name());
            double rate;
            if (c != null && c.arrivalRate() >= 0) {
                rate = c.arrivalRate();
            } else if (s != null && s.arrivalRate() >= 0) {
                rate = s.arrivalRate();
            } else {
                rate = rc.arrivalRate();
            }
            rates.put(rc.name(), rate);
        }
        return rates;
    }

    private static Map<String, TwinRun.ServiceSummary> serviceSummaries(
            ServiceTopology twin,
            List<TwinRun.MinutePrediction> minutes,
            TopologyPrediction atPeak) {
        Map<String, TwinRun.ServiceSummary> out = new LinkedHashMap<>();
        for (String s : twin.services().keySet()) {
            double rate = 0;
            double util = 0;
            double peakUtil = 0;
            double weighted = 0;
            double weight = 0;
            int saturated = 0;
            int n = 0;
            for (TwinRun.MinutePrediction m : minutes) {
                TwinRun.NodeMinute nm = m.nodes().get(s);
                if (nm == null) {
                    continue;
                }
                n++;
                rate += nm.arrivalRate();
                util += nm.utilisation();
                peakUtil = Math.max(peakUtil, nm.utilisation());
                if (nm.saturated()) {
                    saturated++;
                } else {
                    weighted += nm.arrivalRate() * nm.meanSeconds();
                    weight += nm.arrivalRate();
                }
            }
            StationPrediction peak = atPeak.nodes().get(s);
            out.put(
                    s,
                    new TwinRun.ServiceSummary(
                            n == 0 ? 0 : rate / n,
                            n == 0 ? 0 : util / n,
                            peakUtil,
                            weight == 0 ? Double.NaN : weighted / weight,
                            peak == null ? Double.NaN : peak.responsePercentile(0.99),
                            saturated));
        }
        return out;
    }

    private static Map<String, TwinRun.ClassSummary> classSummaries(
            ServiceTopology twin, List<TwinRun.MinutePrediction> minutes) {
        Map<String, TwinRun.ClassSummary> out = new LinkedHashMap<>();
        for (String c : twin.requestClasses().keySet()) {
            double rate = 0;
            double weighted = 0;
            double weight = 0;
            double p99 = 0;
            double peakP99 = 0;
            int finite = 0;
            int saturated = 0;
            for (TwinRun.MinutePrediction m : minutes) {
                TwinRun.ClassMinute cm = m.classes().get(c);
                rate += cm.arrivalRate();
                if (!Double.isFinite(cm.meanSeconds())) {
                    saturated++;
                    continue;
                }
                weighted += cm.arrivalRate() * cm.meanSeconds();
                weight += cm.arrivalRate();
                p99 += cm.p99Seconds();
                peakP99 = Math.max(peakP99, cm.p99Seconds());
                finite++;
            }
            out.put(
                    c,
                    new TwinRun.ClassSummary(
                            rate / minutes.size(),
                            weight == 0 ? Double.NaN : weighted / weight,
                            finite == 0 ? Double.NaN : p99 / finite,
                            saturated > 0 ? Double.POSITIVE_INFINITY : peakP99,
                            saturated));
        }
        return out;
    }
}
