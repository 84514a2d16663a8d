package io.phalanx.functions;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.IncidentSummary;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.Json;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.ReviewRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * Advisor, one per incident (id: the incident id). Turns an incident into a remediation plan from
 * the playbook. Where the environment is governed it opens a ballot on the plan and asks every
 * automated voter of the policy for a review; where it is not, it sends the plan straight to the
 * executor (through the approved-plans topic), recorded as {@code GOVERNANCE_OFF}. Either way the
 * case history gets a line.
 *
 * <p>State: {@code handled}, the proposal id made for the incident ({@code ""} for none), expiring
 * 7 days after it is written: within that time a redelivered incident is ignored, so one incident
 * never opens two ballots. An incident that breaks the contract is recorded as {@code REFUSED}.
 */
public final class AdvisorFn implements StatefulFunction {
    static final ValueSpec<String> HANDLED =
            ValueSpec.named("handled")
                    .thatExpireAfterWrite(Duration.ofDays(7))
                    .withUtf8StringType();

    private final GovernanceConfig config;

    AdvisorFn(GovernanceConfig config) {
        this.config = config;
    }

    public static StatefulFunctionSpec spec(GovernanceConfig config) {
        return StatefulFunctionSpec.builder(Types.ADVISOR)
                .withValueSpecs(HANDLED)
                .withSupplier(() -> new AdvisorFn(config))
                .build();
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        if (!message.is(Types.INCIDENT)) {
            throw new IllegalArgumentException(
                    "advisor: unexpected message " + message.valueTypeName());
        }
        if (context.storage().get(HANDLED).isPresent()) {
            return context.done(); // a redelivered incident
        }
        Instant now = config.clock().instant();
        String incidentId = context.self().id();
        IncidentMessage incident;
        IncidentSummary summary;
        try {
            incident = Json.read(message.rawValue().toByteArray(), IncidentMessage.class);
            summary = incident.toSummary();
        } catch (IllegalArgumentException e) {
            context.storage().set(HANDLED, "");
            CaseEvents.record(
                    context,
                    incidentId,
                    CaseEntry.Kind.REFUSED,
                    incidentId + "/refused",
                    "",
                    now,
                    "incident refused: " + e.getMessage(),
                    Map.of());
            return context.done();
        }
        Optional<RemediationPlan> found = config.playbook().planFor(summary);
        if (found.isEmpty()) {
            context.storage().set(HANDLED, "");
            CaseEvents.record(
                    context,
                    incidentId,
                    CaseEntry.Kind.NO_PLAN,
                    incidentId + "/no-plan",
                    "",
                    now,
                    "no playbook rule for "
                            + summary.cause()
                            + " on a "
                            + summary.criticality()
                            + " service"
                            + (summary.afterDeploy() ? " after a deploy" : ""),
                    Map.of());
            return context.done();
        }
        RemediationPlan plan = found.get();
        TrustPolicy policy = config.policy();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rule", plan.rule());
        details.put("category", plan.category().name());
        details.put("risk", plan.risk().name());
        details.put("expectedEffect", plan.expectedEffect());
        details.put(
                "actions",
                plan.actions().stream()
                        .map(a -> a.type() + ":" + a.name())
                        .collect(Collectors.joining(",")));
        details.put("policyVersion", policy.version());

        if (policy.environment(summary.environment()).governance()) {
            context.send(
                    MessageBuilder.forAddress(Types.BALLOT, plan.proposalId())
                            .withCustomType(Types.PROPOSAL, new ProposalMessage(1, incident, plan))
                            .build());
            List<String> reviewers = new ArrayList<>();
            for (TrustPolicy.Voter v : policy.voters(TrustPolicy.VoterKind.AGENT)) {
                if (config.agents().containsKey(v.id())) {
                    reviewers.add(v.id());
                    context.send(
                            MessageBuilder.forAddress(Types.AGENT, v.id())
                                    .withCustomType(
                                            Types.REVIEW, new ReviewRequest(1, incident, plan))
                                    .build());
                }
            }
            details.put("reviewers", String.join(",", reviewers));
            details.put("deadline", now.plus(policy.ballotTimeout()).toString());
            CaseEvents.record(
                    context,
                    incidentId,
                    CaseEntry.Kind.PROPOSED,
                    plan.proposalId() + "/proposed",
                    plan.proposalId(),
                    now,
                    plan.summary(),
                    details);
        } else {
            context.send(
                    KafkaEgressMessage.forEgress(Types.KAFKA_EGRESS)
                            .withTopic(Types.APPROVED_PLANS_TOPIC)
                            .withUtf8Key(plan.proposalId())
                            .withValue(
                                    Types.EXECUTE,
                                    new ExecuteRequest(
                                            1,
                                            plan,
                                            ExecuteRequest.GOVERNANCE_OFF,
                                            null,
                                            policy.version()))
                            .build());
            CaseEvents.record(
                    context,
                    incidentId,
                    CaseEntry.Kind.GOVERNANCE_OFF,
                    plan.proposalId() + "/governance-off",
                    plan.proposalId(),
                    now,
                    plan.summary()
                            + " (governance off in "
                            + summary.environment()
                            + ": no ballot)",
                    details);
        }
        context.storage().set(HANDLED, plan.proposalId());
        return context.done();
    }
}
