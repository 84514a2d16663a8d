package io.phalanx.core.twin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Services, links and the request classes that cross them: an open feed-forward network of queueing
 * stations. Immutable; what-if questions are asked with a {@link WhatIfScenario} and never change
 * the topology.
 *
 * <p>Each node is analysed on its own with the superposed arrival rate of every class that visits
 * it (Σ class rate × visits) as a Poisson stream (the Jackson / decomposition assumption: exact for
 * exponential stations in a feed-forward network, an approximation otherwise). Refused requests are
 * not removed from downstream load, which makes downstream predictions slightly pessimistic when
 * blocking is high.
 */
public final class ServiceTopology {
    private final Map<String, QueueingStation> services;
    private final Map<String, Link> links;
    private final Map<String, RequestClass> classes;

    private ServiceTopology(
            Map<String, QueueingStation> services,
            Map<String, Link> links,
            Map<String, RequestClass> classes) {
        this.services = Collections.unmodifiableMap(services);
        this.links = Collections.unmodifiableMap(links);
        this.classes = Collections.unmodifiableMap(classes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, QueueingStation> services() {
        return services;
    }

    public Map<String, Link> links() {
        return links;
    }

    public Map<String, RequestClass> requestClasses() {
        return classes;
    }

    /** A copy with one service replaced (same name), e.g. after calibration. */
    public ServiceTopology withService(QueueingStation station) {
        if (!services.containsKey(station.name())) {
            throw new IllegalArgumentException("no service " + station.name());
        }
        Map<String, QueueingStation> s = new LinkedHashMap<>(services);
        s.put(station.name(), station);
        return new ServiceTopology(s, links, classes);
    }

    /**
     * The station a node is under the scenario: a service (with its replica override) or a link.
     */
    public QueueingStation station(String node, WhatIfScenario scenario) {
        QueueingStation s = services.get(node);
        if (s != null) {
            Integer c = scenario.replicas().get(node);
            return c == null ? s : s.withServers(c);
        }
        Link l = links.get(node);
        if (l != null) {
            return l.transmitter();
        }
        throw new IllegalArgumentException("no service or link named " + node);
    }

    /** Arrival rate of a class under the scenario. */
    public double classRate(RequestClass rc, WhatIfScenario scenario) {
        Double override = scenario.classArrivalRates().get(rc.name());
        return (override != null ? override : rc.arrivalRate()) * scenario.loadMultiplier();
    }

    /**
     * Index of the path a class takes under the scenario: the forced one if given and usable, else
     * the first path whose nodes are all present; -1 when none is.
     */
    public int chosenPath(RequestClass rc, WhatIfScenario scenario) {
        Integer forced = scenario.forcedPaths().get(rc.name());
        if (forced != null
                && forced >= 0
                && forced < rc.paths().size()
                && usable(rc.paths().get(forced), scenario)) {
            return forced;
        }
        for (int i = 0; i < rc.paths().size(); i++) {
            if (usable(rc.paths().get(i), scenario)) {
                return i;
            }
        }
        return -1;
    }

    private boolean usable(RequestPath path, WhatIfScenario scenario) {
        for (RequestPath.Visit v : path.visits()) {
            if (scenario.removedNodes().contains(v.node())) {
                return false;
            }
        }
        return true;
    }

    /** Per-node arrival rates under the scenario, in topology order (services, then links). */
    public Map<String, Double> nodeArrivalRates(WhatIfScenario scenario) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String s : services.keySet()) {
            if (!scenario.removedNodes().contains(s)) {
                rates.put(s, 0.0);
            }
        }
        for (String l : links.keySet()) {
            if (!scenario.removedNodes().contains(l)) {
                rates.put(l, 0.0);
            }
        }
        for (RequestClass rc : classes.values()) {
            int i = chosenPath(rc, scenario);
            if (i < 0) {
                continue;
            }
            double rate = classRate(rc, scenario);
            for (RequestPath.Visit v : rc.paths().get(i).visits()) {
                rates.merge(v.node(), rate * v.visits(), Double::sum);
            }
        }
        return rates;
    }

    /** Steady state of every node and class under the scenario. */
    public TopologyPrediction predict(WhatIfScenario scenario) {
        Map<String, StationPrediction> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : nodeArrivalRates(scenario).entrySet()) {
            nodes.put(e.getKey(), station(e.getKey(), scenario).predict(e.getValue()));
        }
        return predictPaths(scenario, nodes);
    }

    /**
     * The class predictions for node predictions already made for this scenario (a search that
     * changes one node at a time re-predicts only that node).
     */
    TopologyPrediction predictPaths(WhatIfScenario scenario, Map<String, StationPrediction> nodes) {
        Map<String, PathPrediction> out = new LinkedHashMap<>();
        for (RequestClass rc : classes.values()) {
            out.put(rc.name(), predictPath(rc, scenario, nodes));
        }
        return new TopologyPrediction(scenario, nodes, out);
    }

    PathPrediction predictPath(
            RequestClass rc, WhatIfScenario scenario, Map<String, StationPrediction> nodes) {
        double rate = classRate(rc, scenario);
        int index = chosenPath(rc, scenario);
        if (index < 0) {
            return PathPrediction.disconnected(rc.name(), rate);
        }
        RequestPath path = rc.paths().get(index);
        double mean = 0;
        double variance = 0;
        double fixed = 0;
        double delivered = 1;
        boolean saturated = false;
        for (RequestPath.Visit v : path.visits()) {
            StationPrediction p = nodes.get(v.node());
            Link link = links.get(v.node());
            double base = link == null ? 0 : link.baseLatencySeconds();
            fixed += v.visits() * base;
            mean += v.visits() * (p.meanResponse() + base);
            variance += v.visits() * p.responseVariance();
            delivered *= Math.pow(1 - p.blockingProbability(), v.visits());
            saturated |= p.saturated() && !p.station().hasFiniteCapacity();
        }
        StationPrediction sole = null;
        if (path.visits().size() == 1 && path.visits().get(0).visits() == 1) {
            sole = nodes.get(path.visits().get(0).node());
        }
        if (saturated) {
            mean = Double.POSITIVE_INFINITY;
            variance = Double.POSITIVE_INFINITY;
        }
        return new PathPrediction(
                rc.name(), index, path, rate, mean, variance, fixed, delivered, saturated, sole);
    }

    /**
     * The load multiplier at which the first node reaches utilisation 1 with the scenario's mix,
     * removals and replicas; empty when no node carries load.
     */
    public Optional<SaturationPoint> saturationPoint(WhatIfScenario scenario) {
        WhatIfScenario unit = scenario.withLoad(1);
        SaturationPoint best = null;
        for (Map.Entry<String, Double> e : nodeArrivalRates(unit).entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            double multiplier = station(e.getKey(), unit).capacity() / e.getValue();
            if (best == null || multiplier < best.loadMultiplier()) {
                best = new SaturationPoint(multiplier, e.getKey());
            }
        }
        return Optional.ofNullable(best);
    }

    /** Collects services, links and classes and checks that every path names a known node. */
    public static final class Builder {
        private final Map<String, QueueingStation> services = new LinkedHashMap<>();
        private final Map<String, Link> links = new LinkedHashMap<>();
        private final Map<String, RequestClass> classes = new LinkedHashMap<>();

        private Builder() {}

        public Builder service(QueueingStation station) {
            requireNewNode(station.name());
            services.put(station.name(), station);
            return this;
        }

        public Builder link(Link link) {
            requireNewNode(link.name());
            links.put(link.name(), link);
            return this;
        }

        public Builder requestClass(RequestClass rc) {
            if (classes.putIfAbsent(rc.name(), rc) != null) {
                throw new IllegalArgumentException("duplicate request class " + rc.name());
            }
            return this;
        }

        private void requireNewNode(String name) {
            if (services.containsKey(name) || links.containsKey(name)) {
                throw new IllegalArgumentException("duplicate node name " + name);
            }
        }

        public ServiceTopology build() {
            List<String> unknown = new ArrayList<>();
            for (RequestClass rc : classes.values()) {
                for (RequestPath p : rc.paths()) {
                    for (RequestPath.Visit v : p.visits()) {
                        if (!services.containsKey(v.node()) && !links.containsKey(v.node())) {
                            unknown.add(rc.name() + " -> " + v.node());
                        }
                    }
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("paths name unknown nodes: " + unknown);
            }
            return new ServiceTopology(
                    new LinkedHashMap<>(services),
                    new LinkedHashMap<>(links),
                    new LinkedHashMap<>(classes));
        }
    }
}
