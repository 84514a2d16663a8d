package io.phalanx.core.twin;

/**
 * How long and how reproducibly to run the {@link DiscreteEventSimulator}: the first {@code
 * warmupSeconds} of simulated time are discarded (the empty-system start biases waits low), the
 * next {@code measuredSeconds} are cut into {@code batches} equal windows for batch means.
 */
public record SimulationPlan(long seed, double warmupSeconds, double measuredSeconds, int batches) {
    public SimulationPlan {
        if (!(warmupSeconds >= 0 && measuredSeconds > 0)) {
            throw new IllegalArgumentException("need warm-up >= 0 and measured time > 0");
        }
        if (batches < 2) {
            throw new IllegalArgumentException("batch means need at least 2 batches: " + batches);
        }
    }
}
