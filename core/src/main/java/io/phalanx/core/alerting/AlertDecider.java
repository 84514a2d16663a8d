package io.phalanx.core.alerting;

import java.util.Optional;

/**
 * Decides what an incident update means for the pager. Assumes nothing about ordering: a version at
 * or below the last one acted on (a duplicate, a replay, a late record) changes nothing; a resolved
 * incident stays resolved. The first version seen pages; later versions update without paging; a
 * resolve event resolves once, and only an incident that was paged needs resolving.
 */
public final class AlertDecider {

    /** Decides and advances {@code state}; empty when the update changes nothing. */
    public Optional<AlertAction> decide(IncidentAlertState state, IncidentUpdate update) {
        if (state.resolved) {
            return Optional.empty();
        }
        if (update.resolved()) {
            if (update.incident() != null) {
                state.lastIncident = update.incident();
            }
            state.lastVersion = Math.max(state.lastVersion, update.version());
            state.resolved = true;
            return state.paged ? Optional.of(AlertAction.RESOLVE) : Optional.empty();
        }
        if (update.version() <= state.lastVersion || update.incident() == null) {
            return Optional.empty();
        }
        state.lastVersion = update.version();
        state.lastIncident = update.incident();
        if (!state.paged) {
            state.paged = true;
            return Optional.of(AlertAction.TRIGGER);
        }
        return Optional.of(AlertAction.UPDATE);
    }
}
