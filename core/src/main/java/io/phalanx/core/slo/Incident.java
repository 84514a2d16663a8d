package io.phalanx.core.slo;

import java.time.Instant;

/**
 * An SLO incident as the prioritiser sees it: who is affected (from the SLO's declared impact) and
 * how bad it is right now (from the latest {@link SloStatus}). An incident stays in the list after
 * its alerts resolve until someone closes it, so {@code active} is false and its current burn rate
 * shows the recovery.
 *
 * @param openedAt when the first alert of the incident fired; earlier incidents win ties
 * @param active whether any burn-rate alert of the SLO is firing now
 * @param currentBurnRate {@link SloStatus#currentBurnRate()}: NaN when there is no traffic at all
 * @param budgetRemaining {@link ErrorBudget#remaining()}, may be negative
 */
public record Incident(
        String sloName,
        String service,
        ServiceImpact impact,
        Instant openedAt,
        boolean active,
        double currentBurnRate,
        double budgetRemaining) {

    /** The incident of {@code slo} opened at {@code openedAt}, as of {@code status}. */
    public static Incident of(SloDefinition slo, SloStatus status, Instant openedAt) {
        return new Incident(
                slo.name(),
                slo.service(),
                slo.impact(),
                openedAt,
                status.firing(),
                status.currentBurnRate(),
                status.budget().remaining());
    }
}
