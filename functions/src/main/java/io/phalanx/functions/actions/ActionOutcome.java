package io.phalanx.functions.actions;

import io.phalanx.core.governance.ActionSpec;
import java.time.Instant;

/**
 * What running (or dry-running) one action did, recorded by the executor under its idempotency key
 * and published in the case history.
 *
 * @param command the command line or HTTP request, as run or as it would have run
 * @param code the exit code or HTTP status; -1 when there was none (dry run, timeout, no start)
 * @param output the tail of the output or response body (at most {@value #MAX_OUTPUT} chars)
 */
public record ActionOutcome(
        String idempotencyKey,
        String action,
        ActionSpec.ActionType type,
        Status status,
        String command,
        int code,
        String output,
        Instant startedAt,
        long durationMs) {

    public static final int MAX_OUTPUT = 2000;

    /** How the action ended. */
    public enum Status {
        /** Not run: live actions are not allowed here; {@code command} shows what would run. */
        DRY_RUN,
        SUCCEEDED,
        FAILED,
        TIMED_OUT
    }

    static String tail(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(s.length() - MAX_OUTPUT);
    }
}
