package io.phalanx.core.twin;

/**
 * Erlang's loss (B) and delay (C) formulas for c servers offered a = λ/μ erlangs.
 *
 * <p>Both go through the Erlang B recurrence B(k) = a·B(k−1) / (k + a·B(k−1)), which only
 * multiplies and divides numbers in [0, 1] and so neither overflows nor cancels for c in the
 * thousands, unlike the textbook a^c/c! sums. C follows from B as C = c·B / (c − a·(1 − B)).
 */
public final class Erlang {
    private Erlang() {}

    /** Probability that an arrival to c servers with no queue finds all busy and is lost. */
    public static double lossProbability(int servers, double offeredErlangs) {
        if (servers < 1) {
            throw new IllegalArgumentException("servers must be >= 1: " + servers);
        }
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = offeredErlangs * b / (k + offeredErlangs * b);
        }
        return b;
    }

    /**
     * Probability that an arrival to an M/M/c queue has to wait. Defined for a < c only; at or
     * beyond saturation every arrival waits and 1 is returned rather than a meaningless ratio.
     */
    public static double probabilityOfWaiting(int servers, double offeredErlangs) {
        if (offeredErlangs >= servers) {
            return 1;
        }
        double b = lossProbability(servers, offeredErlangs);
        return servers * b / (servers - offeredErlangs * (1 - b));
    }
}
