package io.phalanx.core.slo;

/**
 * What a failing service costs the business, declared next to its SLO by the people who own it.
 * These are estimates a human edits, not measurements: the prioritisation explains which of them it
 * used so a wrong estimate is visible in every incident.
 *
 * @param revenuePerMinute revenue that flows through the service per minute when healthy, in the
 *     organisation's currency; 0 for internal tools
 * @param customerTier a tier named in the prioritisation rules file (e.g. {@code enterprise},
 *     {@code internal})
 * @param usersAffected how many users depend on the service: the blast radius of a full outage
 */
public record ServiceImpact(double revenuePerMinute, String customerTier, long usersAffected) {

    public ServiceImpact {
        if (!(revenuePerMinute >= 0) || !Double.isFinite(revenuePerMinute)) {
            throw new IllegalArgumentException("revenue per minute must be >= 0");
        }
        if (customerTier == null || customerTier.isBlank()) {
            throw new IllegalArgumentException("customer tier is required");
        }
        if (usersAffected < 0) {
            throw new IllegalArgumentException("users affected must be >= 0");
        }
    }

    /** No declared impact: no revenue, the {@code internal} tier, no users. */
    public static ServiceImpact none() {
        return new ServiceImpact(0, "internal", 0);
    }
}
