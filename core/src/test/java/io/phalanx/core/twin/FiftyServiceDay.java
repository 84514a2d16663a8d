package io.phalanx.core.twin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's system: 50 services (5 gateways, 15 APIs, 30 data services), 10 links (an edge
 * link and a backup per gateway) and 20 request classes, with one day of per-minute history.
 * Everything derives from one seed, so the benchmark and its test see the same day.
 *
 * <ul>
 *   <li>Class k enters over edge link k mod 5 (backup link as its alternative path), passes gateway
 *       k mod 5, two APIs and two data services (the second data service is called twice by every
 *       third class). Base rates 20..120 req/s.
 *   <li>Service times 2..40 ms, families in rotation (exponential, lognormal SCV 1.5, general SCV
 *       0.5, deterministic); servers sized so the busiest minute of the day runs each service at ρ
 *       between 0.22 and 0.45 — so at ×3 some services saturate at peak and none at night.
 *   <li>History: each minute's class rates follow a day (night trough at 25 % of the peak) with ±5
 *       % noise; each service's KPIs are the true model's values for that minute with ±3 %
 *       measurement noise.
 * </ul>
 */
final class FiftyServiceDay {
    static final int MINUTES = 1440;

    /** What the twin is given: the true structure with every service time guessed at 10 ms. */
    final ServiceTopology topology;

    /** The generating topology (true service times), for checking calibration. */
    final ServiceTopology truth;

    final List<Map<String, Double>> classRatesPerMinute = new ArrayList<>();
    final Map<String, List<KpiSample>> historyByService = new LinkedHashMap<>();
    final Map<String, LatencyObjective> objectives = new LinkedHashMap<>();

    FiftyServiceDay(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> gateways = names("gateway", 5);
        List<String> apis = names("api", 15);
        List<String> data = names("data", 30);
        List<RequestClass> classes = new ArrayList<>();
        Map<String, Double> serviceMeans = new HashMap<>();
        Map<String, ServiceTimeDistribution.Family> families = new HashMap<>();
        List<String> all = new ArrayList<>(gateways);
        all.addAll(apis);
        all.addAll(data);
        ServiceTimeDistribution.Family[] rotation = ServiceTimeDistribution.Family.values();
        for (int i = 0; i < all.size(); i++) {
            serviceMeans.put(all.get(i), 0.002 + 0.038 * random.nextDouble());
            families.put(all.get(i), rotation[i % rotation.length]);
        }
        for (int k = 0; k < 20; k++) {
            int g = k % 5;
            // Every service carries some class; APIs and the last ten data services are shared.
            String a1 = apis.get(k % 15);
            String a2 = apis.get((4 * k + 7) % 15);
            String d1 = data.get(k);
            String d2 = data.get(20 + k % 10);
            double secondDataVisits = k % 3 == 0 ? 2 : 1;
            classes.add(
                    RequestClass.of(
                            "class-" + k,
                            20 + 100 * random.nextDouble(),
                            path("edge-" + g, gateways.get(g), a1, a2, d1, d2, secondDataVisits),
                            path(
                                    "backup-" + g,
                                    gateways.get(g),
                                    a1,
                                    a2,
                                    d1,
                                    d2,
                                    secondDataVisits)));
        }
        // Peak-of-day load per service at multiplier 1, to size the servers.
        Map<String, Double> peakRate = new HashMap<>();
        for (RequestClass rc : classes) {
            for (RequestPath.Visit v : rc.paths().get(0).visits()) {
                peakRate.merge(v.node(), rc.arrivalRate() * 1.05 * v.visits(), Double::sum);
            }
        }
        ServiceTopology.Builder b = ServiceTopology.builder();
        for (String s : all) {
            double offered = peakRate.getOrDefault(s, 0.0) * serviceMeans.get(s);
            double targetRho = 0.22 + 0.23 * random.nextDouble();
            int servers = Math.max(1, (int) Math.ceil(offered / targetRho));
            b.service(
                    QueueingStation.of(
                            s, servers, distribution(families.get(s), serviceMeans.get(s))));
        }
        for (int g = 0; g < 5; g++) {
            b.link(Link.of("edge-" + g, 10e9, 1 + g, 400e3));
            b.link(Link.of("backup-" + g, 2e9, 12 + g, 400e3));
        }
        classes.forEach(b::requestClass);
        ServiceTopology truth = b.build();

        for (RequestClass rc : classes) {
            objectives.put(rc.name(), LatencyObjective.percentileUnder(0.99, 0.400));
        }
        for (String s : all) {
            historyByService.put(s, new ArrayList<>());
        }
        for (int minute = 0; minute < MINUTES; minute++) {
            double shape = 0.625 - 0.375 * Math.cos(2 * Math.PI * minute / MINUTES);
            Map<String, Double> rates = new LinkedHashMap<>();
            for (RequestClass rc : classes) {
                rates.put(
                        rc.name(),
                        rc.arrivalRate() * shape * (1 + 0.05 * (2 * random.nextDouble() - 1)));
            }
            classRatesPerMinute.add(rates);
            TopologyPrediction now = truth.predict(WhatIfScenario.baseline().withClassRates(rates));
            for (String s : all) {
                StationPrediction p = now.node(s);
                historyByService
                        .get(s)
                        .add(
                                KpiSample.withUtilisation(
                                        p.arrivalRate() * noise(random),
                                        p.meanResponse() * noise(random),
                                        p.utilisation() * noise(random)));
            }
        }
        // The twin starts from the declared topology with every service time guessed at 10 ms,
        // so that calibration has to find the real ones.
        ServiceTopology declared = truth;
        for (QueueingStation s : truth.services().values()) {
            declared =
                    declared.withService(
                            QueueingStation.of(
                                    s.name(),
                                    s.servers(),
                                    ServiceTimeDistribution.exponential(0.010)));
        }
        this.topology = declared;
        this.truth = truth;
    }

    private static double noise(SplittableRandom random) {
        return 1 + 0.03 * (2 * random.nextDouble() - 1);
    }

    private static ServiceTimeDistribution distribution(
            ServiceTimeDistribution.Family f, double mean) {
        switch (f) {
            case EXPONENTIAL:
                return ServiceTimeDistribution.exponential(mean);
            case LOGNORMAL:
                return ServiceTimeDistribution.lognormal(mean, 1.5);
            case GENERAL:
                return ServiceTimeDistribution.general(mean, 0.5);
            default:
                return ServiceTimeDistribution.deterministic(mean);
        }
    }

    private static RequestPath path(
            String link,
            String gateway,
            String a1,
            String a2,
            String d1,
            String d2,
            double d2Visits) {
        return new RequestPath(
                List.of(
                        new RequestPath.Visit(link, 1),
                        new RequestPath.Visit(gateway, 1),
                        new RequestPath.Visit(a1, 1),
                        new RequestPath.Visit(a2, 1),
                        new RequestPath.Visit(d1, 1),
                        new RequestPath.Visit(d2, d2Visits)));
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    /** What one minute looks like to the twin at a load multiplier. */
    record MinuteOutlook(
            int minute,
            int saturatedNodes,
            double worstBurnRate,
            double worstFiniteP99,
            double saturationMultiplier) {}

    /**
     * Evaluates every minute of the day on a (calibrated) topology at the multiplier: per-node
     * steady state, per-class p99 and burn rate, and the saturation point.
     */
    static List<MinuteOutlook> evaluateDay(
            ServiceTopology twin, FiftyServiceDay day, double multiplier, int minutes) {
        List<MinuteOutlook> out = new ArrayList<>(minutes);
        for (int minute = 0; minute < minutes; minute++) {
            WhatIfScenario s =
                    WhatIfScenario.atLoad(multiplier)
                            .withClassRates(day.classRatesPerMinute.get(minute));
            TopologyPrediction p = twin.predict(s);
            double worstBurn = 0;
            double worstP99 = 0;
            for (Map.Entry<String, LatencyObjective> o : day.objectives.entrySet()) {
                PathPrediction c = p.requestClass(o.getKey());
                worstBurn = Math.max(worstBurn, c.burnRate(o.getValue()));
                double p99 = c.percentile(0.99);
                if (Double.isFinite(p99)) {
                    worstP99 = Math.max(worstP99, p99);
                }
            }
            double saturation = twin.saturationPoint(s).orElseThrow().loadMultiplier();
            out.add(
                    new MinuteOutlook(
                            minute, p.saturatedNodes().size(), worstBurn, worstP99, saturation));
        }
        return out;
    }
}
