package io.phalanx.core.twin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The twin's answer for one scenario: every node's steady state (services and link transmitters, by
 * name) and every request class's end-to-end latency. Maps iterate in topology order.
 */
public record TopologyPrediction(
        WhatIfScenario scenario,
        Map<String, StationPrediction> nodes,
        Map<String, PathPrediction> classes) {

    public StationPrediction node(String name) {
        StationPrediction p = nodes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no node " + name + " in this prediction");
        }
        return p;
    }

    public PathPrediction requestClass(String name) {
        PathPrediction p = classes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no request class " + name);
        }
        return p;
    }

    /** Nodes whose offered load reaches their capacity, most overloaded first. */
    public List<String> saturatedNodes() {
        return nodes.values().stream()
                .filter(StationPrediction::saturated)
                .sorted(
                        Comparator.comparingDouble(StationPrediction::offeredUtilisation)
                                .reversed())
                .map(p -> p.station().name())
                .toList();
    }

    /** Classes that lost every path (connectivity loss, not a latency problem). */
    public List<String> disconnectedClasses() {
        return classes.values().stream()
                .filter(p -> !p.connected())
                .map(PathPrediction::requestClass)
                .toList();
    }

    /** The node with the highest offered utilisation, if any node carries load. */
    public Optional<StationPrediction> bottleneck() {
        return nodes.values().stream()
                .filter(p -> p.arrivalRate() > 0)
                .max(Comparator.comparingDouble(StationPrediction::offeredUtilisation));
    }
}
