package io.phalanx.core.twin;

import java.util.Arrays;
import java.util.List;

/**
 * The nodes (services and links, by name) one request of a class passes, in order, with how often
 * it visits each. A visit count above 1 means retries or fan-out calls made one after another; the
 * model charges each visit a full, independent sojourn (which is what sequential calls do; parallel
 * fan-out would be a max, not a sum, and is not modelled).
 */
public record RequestPath(List<Visit> visits) {

    /** One stop on a path: a node and the mean number of times a request passes it. */
    public record Visit(String node, double visits) {
        public Visit {
            if (!(visits > 0)) {
                throw new IllegalArgumentException(node + ": visits must be > 0");
            }
        }
    }

    public RequestPath {
        if (visits.isEmpty()) {
            throw new IllegalArgumentException("a path needs at least one node");
        }
        visits = List.copyOf(visits);
    }

    /** A path visiting each node once, in the order given. */
    public static RequestPath through(String... nodes) {
        return new RequestPath(Arrays.stream(nodes).map(n -> new Visit(n, 1)).toList());
    }

    public boolean passes(String node) {
        return visits.stream().anyMatch(v -> v.node().equals(node));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Visit v : visits) {
            if (b.length() > 0) {
                b.append(" -> ");
            }
            b.append(v.node());
            if (v.visits() != 1) {
                b.append(" x").append(v.visits());
            }
        }
        return b.toString();
    }
}
