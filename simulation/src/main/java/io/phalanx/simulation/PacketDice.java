package io.phalanx.simulation;

/**
 * Stateless randomness for the simulator: every draw is a hash of the scenario seed and the
 * coordinates of what is being decided (flow, direction, the packet's send ordinal within its flow
 * and direction, the stretch of path, and what the draw is for). The order in which the simulator
 * happens to make decisions therefore never changes an outcome, and a packet keeps its fate when an
 * unrelated flow is added to a scenario.
 */
final class PacketDice {
    /** What a draw decides, so two decisions about one packet never share a value. */
    enum Purpose {
        LOSS,
        JITTER,
        REORDER,
        ADDRESSING,
        PAYLOAD
    }

    private PacketDice() {}

    /** A uniform value in [0, 1) for one decision about one packet on one stretch. */
    static double uniform(
            long seed, int flow, Direction dir, long ordinal, int stretch, Purpose purpose) {
        long h = hash(seed, flow, dir.ordinal(), ordinal, stretch, purpose.ordinal());
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A 64-bit hash of the seed and any number of coordinates (SplitMix64 finaliser per step). */
    static long hash(long seed, long... coordinates) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long c : coordinates) {
            h = mix(h ^ (c + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
