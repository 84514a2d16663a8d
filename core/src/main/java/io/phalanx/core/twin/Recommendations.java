package io.phalanx.core.twin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What to change so that latency objectives hold under a scenario: replicas per service, links that
 * saturate, and alternative paths. Every recommendation is checked against the same model that
 * found the problem, never a rule of thumb.
 */
public final class Recommendations {
    /** Upper bound on greedy steps; each adds one server somewhere. */
    private static final int MAX_ADDED_SERVERS = 100_000;

    private Recommendations() {}

    /**
     * Replica counts per service, what was added, and the classes still missing their objective.
     */
    public record ReplicaPlan(
            Map<String, Integer> servers,
            Map<String, Integer> added,
            List<String> unmetClasses,
            TopologyPrediction prediction) {
        public boolean meetsAll() {
            return unmetClasses.isEmpty();
        }
    }

    /** A link at or above the utilisation of concern, and the multiplier at which it saturates. */
    public record LinkSaturation(String link, double utilisation, double saturationMultiplier) {}

    /** A path that serves a class better than the one it takes now. */
    public record RouteRecommendation(
            String requestClass,
            int currentPath,
            int recommendedPath,
            RequestPath recommended,
            double currentGoodFraction,
            double recommendedGoodFraction,
            boolean otherClassesStillMeetObjectives) {}

    /**
     * The fewest servers for one station to keep {@code objective} at this arrival rate, or empty
     * when no number of servers can (service time alone misses the threshold too often). Starts at
     * the fewest servers that keep an unbounded queue stable.
     */
    public static OptionalInt minimalServers(
            QueueingStation station, double arrivalRate, LatencyObjective objective) {
        if (station.serviceTime().cdf(objective.thresholdSeconds()) < objective.objective()) {
            return OptionalInt.empty();
        }
        int c =
                station.hasFiniteCapacity()
                        ? 1
                        : (int) Math.floor(arrivalRate * station.serviceTime().meanSeconds()) + 1;
        for (int step = 0; step < MAX_ADDED_SERVERS; step++, c++) {
            StationPrediction p = station.withServers(c).predict(arrivalRate);
            if (!p.saturated() || station.hasFiniteCapacity()) {
                if (p.fractionWithin(objective.thresholdSeconds()) >= objective.objective()) {
                    return OptionalInt.of(c);
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Servers per service so that every class with an objective meets it under the scenario. First
     * every saturated service gets the fewest servers that make it stable; then, while some class
     * misses, one server goes to the service on a missing class's path that most reduces the total
     * shortfall Σ max(0, objective − good fraction). Greedy, so near-minimal rather than provably
     * minimal; it stops and reports the classes it cannot fix when no service on their paths helps
     * (a saturated link, or a service too slow even when idle).
     */
    public static ReplicaPlan replicasToKeepSlo(
            ServiceTopology topology,
            WhatIfScenario scenario,
            Map<String, LatencyObjective> objectives) {
        Map<String, Integer> servers = new LinkedHashMap<>();
        for (String s : topology.services().keySet()) {
            servers.put(s, topology.station(s, scenario).servers());
        }
        Map<String, Integer> before = new LinkedHashMap<>(servers);
        Map<String, Double> rates = topology.nodeArrivalRates(scenario);
        for (Map.Entry<String, Integer> e : servers.entrySet()) {
            QueueingStation st = topology.services().get(e.getKey());
            double offered = rates.getOrDefault(e.getKey(), 0.0) * st.serviceTime().meanSeconds();
            if (!st.hasFiniteCapacity() && offered >= e.getValue()) {
                e.setValue((int) Math.floor(offered) + 1);
            }
        }
        TopologyPrediction prediction = topology.predict(scenario.withReplicas(servers));
        for (int step = 0; step < MAX_ADDED_SERVERS; step++) {
            List<String> missing = missing(prediction, objectives);
            if (missing.isEmpty()) {
                break;
            }
            Set<String> candidates = new LinkedHashSet<>();
            for (String c : missing) {
                PathPrediction p = prediction.requestClass(c);
                if (p.connected()) {
                    for (RequestPath.Visit v : p.path().visits()) {
                        if (topology.services().containsKey(v.node())) {
                            candidates.add(v.node());
                        }
                    }
                }
            }
            double current = shortfall(prediction, objectives);
            String best = null;
            StationPrediction bestStation = null;
            double bestShortfall = current;
            // Replicas change no arrival rate: a trial re-predicts the one station and the classes
            // with an objective whose path passes it; the others keep their shortfall.
            WhatIfScenario now = scenario.withReplicas(servers);
            for (String s : candidates) {
                StationPrediction trial =
                        topology.station(s, now)
                                .withServers(servers.get(s) + 1)
                                .predict(rates.getOrDefault(s, 0.0));
                Map<String, StationPrediction> nodes = new LinkedHashMap<>(prediction.nodes());
                nodes.put(s, trial);
                double sf = current;
                for (Map.Entry<String, LatencyObjective> o : objectives.entrySet()) {
                    PathPrediction was = prediction.requestClass(o.getKey());
                    if (!was.connected() || !was.path().passes(s)) {
                        continue;
                    }
                    PathPrediction after =
                            topology.predictPath(
                                    topology.requestClasses().get(o.getKey()), now, nodes);
                    sf += shortfall(after, o.getValue()) - shortfall(was, o.getValue());
                }
                if (sf < bestShortfall - 1e-15) {
                    best = s;
                    bestShortfall = sf;
                    bestStation = trial;
                }
            }
            if (best == null) {
                break;
            }
            Map<String, StationPrediction> nodes = new LinkedHashMap<>(prediction.nodes());
            nodes.put(best, bestStation);
            TopologyPrediction bestPrediction = topology.predictPaths(now, nodes);
            servers.merge(best, 1, Integer::sum);
            prediction =
                    new TopologyPrediction(
                            scenario.withReplicas(servers),
                            bestPrediction.nodes(),
                            bestPrediction.classes());
        }
        Map<String, Integer> added = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : servers.entrySet()) {
            int diff = e.getValue() - before.get(e.getKey());
            if (diff != 0) {
                added.put(e.getKey(), diff);
            }
        }
        return new ReplicaPlan(
                Map.copyOf(servers), added, missing(prediction, objectives), prediction);
    }

    private static List<String> missing(
            TopologyPrediction prediction, Map<String, LatencyObjective> objectives) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, LatencyObjective> e : objectives.entrySet()) {
            if (!prediction.requestClass(e.getKey()).meets(e.getValue())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static double shortfall(
            TopologyPrediction prediction, Map<String, LatencyObjective> objectives) {
        double sum = 0;
        for (Map.Entry<String, LatencyObjective> e : objectives.entrySet()) {
            sum += shortfall(prediction.requestClass(e.getKey()), e.getValue());
        }
        return sum;
    }

    private static double shortfall(PathPrediction p, LatencyObjective objective) {
        return Math.max(0, objective.objective() - p.fractionWithin(objective.thresholdSeconds()));
    }

    /**
     * Links whose utilisation under the scenario is at least {@code utilisationOfConcern} (1 = only
     * saturated ones), highest first, each with the load multiplier that saturates it.
     */
    public static List<LinkSaturation> saturatingLinks(
            ServiceTopology topology, WhatIfScenario scenario, double utilisationOfConcern) {
        Map<String, Double> unitRates = topology.nodeArrivalRates(scenario.withLoad(1));
        List<LinkSaturation> out = new ArrayList<>();
        for (Link link : topology.links().values()) {
            Double unit = unitRates.get(link.name());
            if (unit == null || unit == 0) {
                continue;
            }
            double capacity = link.messageCapacity();
            double utilisation = unit * scenario.loadMultiplier() / capacity;
            if (utilisation >= utilisationOfConcern) {
                out.add(new LinkSaturation(link.name(), utilisation, capacity / unit));
            }
        }
        out.sort(Comparator.comparingDouble(LinkSaturation::utilisation).reversed());
        return out;
    }

    /**
     * For each class that misses its objective and has other usable paths, the path that gives it
     * the highest good fraction when the class alone is moved there (the rest of the traffic stays
     * put, and the move's effect on shared nodes is part of the evaluation). Only paths that do
     * better than the current one are recommended.
     */
    public static List<RouteRecommendation> alternativeRoutes(
            ServiceTopology topology,
            WhatIfScenario scenario,
            Map<String, LatencyObjective> objectives) {
        TopologyPrediction now = topology.predict(scenario);
        List<RouteRecommendation> out = new ArrayList<>();
        for (Map.Entry<String, LatencyObjective> e : objectives.entrySet()) {
            String name = e.getKey();
            LatencyObjective objective = e.getValue();
            PathPrediction current = now.requestClass(name);
            if (current.meets(objective)) {
                continue;
            }
            double currentGood = current.fractionWithin(objective.thresholdSeconds());
            RequestClass rc = topology.requestClasses().get(name);
            int bestIndex = -1;
            double bestGood = currentGood;
            TopologyPrediction bestPrediction = null;
            for (int i = 0; i < rc.paths().size(); i++) {
                if (i == current.pathIndex()) {
                    continue;
                }
                WhatIfScenario moved = scenario.withForcedPath(name, i);
                if (topology.chosenPath(rc, moved) != i) {
                    continue; // the path lost a node
                }
                TopologyPrediction p = topology.predict(moved);
                double good = p.requestClass(name).fractionWithin(objective.thresholdSeconds());
                if (good > bestGood) {
                    bestIndex = i;
                    bestGood = good;
                    bestPrediction = p;
                }
            }
            if (bestIndex >= 0) {
                boolean othersFine = true;
                for (Map.Entry<String, LatencyObjective> o : objectives.entrySet()) {
                    if (!o.getKey().equals(name)
                            && now.requestClass(o.getKey()).meets(o.getValue())
                            && !bestPrediction.requestClass(o.getKey()).meets(o.getValue())) {
                        othersFine = false;
                    }
                }
                out.add(
                        new RouteRecommendation(
                                name,
                                current.pathIndex(),
                                bestIndex,
                                rc.paths().get(bestIndex),
                                currentGood,
                                bestGood,
                                othersFine));
            }
        }
        return out;
    }
}
