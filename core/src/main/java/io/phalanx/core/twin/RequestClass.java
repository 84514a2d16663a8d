package io.phalanx.core.twin;

import java.util.List;

/**
 * One kind of request (an API endpoint, a tenant's traffic) with its arrival rate at load
 * multiplier 1 and the paths it may take in order of preference: the first path whose nodes all
 * exist carries the class; later ones are the alternatives used when a node is removed.
 */
public record RequestClass(String name, double arrivalRate, List<RequestPath> paths) {
    public RequestClass {
        if (!(arrivalRate >= 0)) {
            throw new IllegalArgumentException(name + ": arrival rate must be >= 0");
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs at least one path");
        }
        paths = List.copyOf(paths);
    }

    public static RequestClass of(String name, double arrivalRate, RequestPath... preferred) {
        return new RequestClass(name, arrivalRate, List.of(preferred));
    }
}
