package io.phalanx.core.twin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A change to ask the twin about. Class arrival rates are (override, or the topology's) × {@code
 * loadMultiplier}, so utilisation is linear in the multiplier and the mix stays what the overrides
 * say. Removed nodes take every path through them out of use; replica overrides change a service's
 * server count; a forced path index pins a class to one of its paths (used to compare routings).
 */
public record WhatIfScenario(
        double loadMultiplier,
        Map<String, Double> classArrivalRates,
        Set<String> removedNodes,
        Map<String, Integer> replicas,
        Map<String, Integer> forcedPaths) {

    public WhatIfScenario {
        if (!(loadMultiplier >= 0) || Double.isInfinite(loadMultiplier)) {
            throw new IllegalArgumentException("load multiplier must be >= 0: " + loadMultiplier);
        }
        classArrivalRates = Map.copyOf(classArrivalRates);
        removedNodes = Set.copyOf(removedNodes);
        replicas = Map.copyOf(replicas);
        forcedPaths = Map.copyOf(forcedPaths);
    }

    /** Today's traffic and topology. */
    public static WhatIfScenario baseline() {
        return new WhatIfScenario(1, Map.of(), Set.of(), Map.of(), Map.of());
    }

    public static WhatIfScenario atLoad(double multiplier) {
        return baseline().withLoad(multiplier);
    }

    public WhatIfScenario withLoad(double multiplier) {
        return new WhatIfScenario(
                multiplier, classArrivalRates, removedNodes, replicas, forcedPaths);
    }

    public WhatIfScenario withClassRate(String requestClass, double ratePerSecond) {
        Map<String, Double> m = new HashMap<>(classArrivalRates);
        m.put(requestClass, ratePerSecond);
        return new WhatIfScenario(loadMultiplier, m, removedNodes, replicas, forcedPaths);
    }

    /** A whole traffic mix at once, e.g. one minute of replayed history. */
    public WhatIfScenario withClassRates(Map<String, Double> ratesPerSecond) {
        Map<String, Double> m = new HashMap<>(classArrivalRates);
        m.putAll(ratesPerSecond);
        return new WhatIfScenario(loadMultiplier, m, removedNodes, replicas, forcedPaths);
    }

    public WhatIfScenario without(String node) {
        Set<String> s = new HashSet<>(removedNodes);
        s.add(node);
        return new WhatIfScenario(loadMultiplier, classArrivalRates, s, replicas, forcedPaths);
    }

    public WhatIfScenario withReplicas(String service, int servers) {
        Map<String, Integer> m = new HashMap<>(replicas);
        m.put(service, servers);
        return new WhatIfScenario(loadMultiplier, classArrivalRates, removedNodes, m, forcedPaths);
    }

    public WhatIfScenario withReplicas(Map<String, Integer> servers) {
        Map<String, Integer> m = new HashMap<>(replicas);
        m.putAll(servers);
        return new WhatIfScenario(loadMultiplier, classArrivalRates, removedNodes, m, forcedPaths);
    }

    public WhatIfScenario withForcedPath(String requestClass, int pathIndex) {
        Map<String, Integer> m = new HashMap<>(forcedPaths);
        m.put(requestClass, pathIndex);
        return new WhatIfScenario(loadMultiplier, classArrivalRates, removedNodes, replicas, m);
    }
}
