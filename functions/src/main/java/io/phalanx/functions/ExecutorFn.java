package io.phalanx.functions;

import io.phalanx.core.governance.ActionSpec;
import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.Decision;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.functions.actions.ActionOutcome;
import io.phalanx.functions.messages.ExecuteRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.Message;

/**
 * Executor, one per proposal (id: the proposal id): runs a cleared plan's actions in order, each
 * under its idempotency key ({@code <proposalId>#<action>}), live or dry-run, within the policy's
 * action timeout, and records every outcome in the case history. It stops at the first failed
 * action.
 *
 * <p>It checks the clearance itself: an {@code APPROVED} request must carry an APPROVED decision
 * for this very proposal; a {@code GOVERNANCE_OFF} request must be for an environment whose policy
 * really has governance off. Anything else is {@code REFUSED} and runs nothing.
 *
 * <p>State: {@code outcomes}, the outcome per idempotency key, written right after each action and
 * kept 30 days: a redelivered request (replayed topic, restart) skips every action with an outcome,
 * so each runs once. Should the process die between running an action and the next checkpoint, the
 * replay runs it again with the same key, which the far side (the playbook, the Terraform variable,
 * the webhook's {@code Idempotency-Key}) can refuse.
 */
public final class ExecutorFn implements StatefulFunction {
    static final ValueSpec<Types.ActionOutcomes> OUTCOMES =
            ValueSpec.named("outcomes")
                    .thatExpireAfterWrite(Duration.ofDays(30))
                    .withCustomType(Types.OUTCOMES_STATE);

    private final GovernanceConfig config;

    ExecutorFn(GovernanceConfig config) {
        this.config = config;
    }

    public static StatefulFunctionSpec spec(GovernanceConfig config) {
        return StatefulFunctionSpec.builder(Types.EXECUTOR)
                .withValueSpecs(OUTCOMES)
                .withSupplier(() -> new ExecutorFn(config))
                .build();
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        if (!message.is(Types.EXECUTE)) {
            throw new IllegalArgumentException(
                    "executor: unexpected message " + message.valueTypeName());
        }
        ExecuteRequest request = message.as(Types.EXECUTE);
        RemediationPlan plan = request.plan();
        String proposalId = context.self().id();
        TrustPolicy policy = config.policy();
        Instant now = config.clock().instant();
        String refusal = refusal(request, proposalId, policy);
        if (refusal != null) {
            String incidentId = plan == null ? proposalId.split("/", 2)[0] : plan.incidentId();
            CaseEvents.record(
                    context,
                    incidentId,
                    CaseEntry.Kind.REFUSED,
                    proposalId + "/refused/" + request.authorization(),
                    proposalId,
                    now,
                    "execution refused: " + refusal,
                    Map.of("authorization", String.valueOf(request.authorization())));
            return context.done();
        }
        TrustPolicy.EnvironmentPolicy env = policy.environment(plan.environment());
        boolean live = config.actions().live(env.liveActions());
        Map<String, ActionOutcome> outcomes =
                new LinkedHashMap<>(
                        context.storage()
                                .get(OUTCOMES)
                                .map(Types.ActionOutcomes::byKey)
                                .orElse(Map.of()));
        for (ActionSpec action : plan.actions()) {
            String key = action.idempotencyKey(proposalId);
            ActionOutcome outcome = outcomes.get(key);
            if (outcome == null) {
                outcome = config.actions().run(action, key, live, policy.actionTimeout());
                outcomes.put(key, outcome);
                context.storage().set(OUTCOMES, new Types.ActionOutcomes(outcomes));
                Map<String, String> details = new LinkedHashMap<>();
                details.put("idempotencyKey", key);
                details.put("type", action.type().name());
                details.put("mode", live ? "LIVE" : "DRY_RUN");
                details.put("status", outcome.status().name());
                details.put("command", outcome.command());
                details.put("code", Integer.toString(outcome.code()));
                details.put("durationMs", Long.toString(outcome.durationMs()));
                details.put("output", outcome.output());
                details.put("authorization", request.authorization());
                details.put("policyVersion", request.policyVersion());
                CaseEvents.record(
                        context,
                        plan.incidentId(),
                        CaseEntry.Kind.ACTION,
                        key,
                        proposalId,
                        outcome.startedAt(),
                        action.name() + ": " + outcome.status(),
                        details);
            }
            if (outcome.status() == ActionOutcome.Status.FAILED
                    || outcome.status() == ActionOutcome.Status.TIMED_OUT) {
                break;
            }
        }
        return context.done();
    }

    /** Why the request may not run, or null when it may. */
    static String refusal(ExecuteRequest request, String proposalId, TrustPolicy policy) {
        RemediationPlan plan = request.plan();
        if (plan == null || !proposalId.equals(plan.proposalId())) {
            return "the plan is not proposal " + proposalId;
        }
        if (ExecuteRequest.APPROVED.equals(request.authorization())) {
            if (request.decision() == null
                    || request.decision().decision() != Decision.APPROVED
                    || !proposalId.equals(request.decision().proposalId())) {
                return "no APPROVED decision for " + proposalId;
            }
            return null;
        }
        if (ExecuteRequest.GOVERNANCE_OFF.equals(request.authorization())) {
            if (policy.environment(plan.environment()).governance()) {
                return "governance is on in "
                        + plan.environment()
                        + " under policy "
                        + policy.version();
            }
            return null;
        }
        return "unknown authorization '" + request.authorization() + "'";
    }
}
