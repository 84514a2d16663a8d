package io.phalanx.core.events;

import io.phalanx.core.slo.ServiceImpact;

/**
 * A service's business impact as declared from a given time on (finance or the service owner
 * updates it); the latest update before an incident is the one that prices it.
 */
public record ImpactUpdate(
        long timestampMillis,
        String service,
        double revenuePerMinute,
        String customerTier,
        long usersAffected) {

    public ServiceImpact impact() {
        return new ServiceImpact(revenuePerMinute, customerTier, usersAffected);
    }
}
