package io.phalanx.functions.actions;

import io.phalanx.core.governance.ActionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an action of a plan live or as a dry run, always within a timeout and always with a recorded
 * outcome (a failure to run is an outcome, never an exception).
 *
 * <p>Live only when the process runs with {@code PHALANX_LIVE_ACTIONS=true} or the trust policy
 * allows live actions in the plan's environment; the executor asks {@link #live(boolean)}.
 */
public final class ActionRunner {
    /** The environment variable that allows live actions everywhere. */
    public static final String LIVE_ENV = "PHALANX_LIVE_ACTIONS";

    private final Map<ActionSpec.ActionType, RemediationAction> actions =
            new EnumMap<>(ActionSpec.ActionType.class);
    private final boolean liveEverywhere;
    private final Clock clock;

    public ActionRunner(List<RemediationAction> actions, boolean liveEverywhere, Clock clock) {
        for (RemediationAction a : actions) {
            this.actions.put(a.type(), a);
        }
        this.liveEverywhere = liveEverywhere;
        this.clock = clock;
    }

    /** Whether {@code PHALANX_LIVE_ACTIONS} is {@code true} in this process's environment. */
    public static boolean liveFromEnvironment() {
        return "true".equalsIgnoreCase(System.getenv(LIVE_ENV));
    }

    /** Whether actions run for real, given the environment's policy flag. */
    public boolean live(boolean policyAllowsLive) {
        return liveEverywhere || policyAllowsLive;
    }

    public ActionOutcome run(ActionSpec spec, String key, boolean live, Duration timeout) {
        Instant start = clock.instant();
        RemediationAction action = actions.get(spec.type());
        if (action == null) {
            return new ActionOutcome(
                    key,
                    spec.name(),
                    spec.type(),
                    ActionOutcome.Status.FAILED,
                    "",
                    -1,
                    "no action registered for " + spec.type(),
                    start,
                    0);
        }
        String command = action.describe(spec, key);
        if (!live) {
            return new ActionOutcome(
                    key,
                    spec.name(),
                    spec.type(),
                    ActionOutcome.Status.DRY_RUN,
                    command,
                    -1,
                    "dry run: live actions are off",
                    start,
                    0);
        }
        RemediationAction.Result r;
        try {
            r = action.run(spec, key, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = new RemediationAction.Result(ActionOutcome.Status.FAILED, -1, "interrupted");
        } catch (RuntimeException e) {
            r = new RemediationAction.Result(ActionOutcome.Status.FAILED, -1, e.toString());
        }
        long ms = Duration.between(start, clock.instant()).toMillis();
        return new ActionOutcome(
                key,
                spec.name(),
                spec.type(),
                r.status(),
                command,
                r.code(),
                r.output(),
                start,
                ms);
    }
}
