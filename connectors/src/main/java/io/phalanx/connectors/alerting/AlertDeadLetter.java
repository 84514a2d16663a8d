package io.phalanx.connectors.alerting;

import io.phalanx.core.alerting.AlertAction;

/**
 * A notification a target would not take after every attempt the retry policy allows: which target,
 * which incident and action, how many attempts, the last reason and the body, so it can be replayed
 * by hand.
 */
public record AlertDeadLetter(
        String target,
        String incidentId,
        int version,
        AlertAction action,
        int attempts,
        String reason,
        String payload) {}
