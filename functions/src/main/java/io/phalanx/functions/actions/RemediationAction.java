package io.phalanx.functions.actions;

import io.phalanx.core.governance.ActionSpec;
import java.time.Duration;

/**
 * One kind of pluggable action (Ansible, Terraform, an HTTP webhook). Implementations pass the
 * idempotency key to the far side, so that a replay after a crash between running the action and
 * recording its outcome can be refused there too.
 */
public interface RemediationAction {
    ActionSpec.ActionType type();

    /** The command line or request, for the record and for a dry run. */
    String describe(ActionSpec spec, String idempotencyKey);

    /** Runs it for real, giving up after {@code timeout}. */
    Result run(ActionSpec spec, String idempotencyKey, Duration timeout)
            throws InterruptedException;

    /** The raw result of a live run. */
    record Result(ActionOutcome.Status status, int code, String output) {}
}
