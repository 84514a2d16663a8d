package io.phalanx.functions;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.IncidentSummary;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.IncidentInput;
import io.phalanx.functions.messages.IncidentMessage;
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
 * <p>Input: the platform's versioned incident updates ({@code {"v":1,"id","version","ts",
 * "incident":{...}}}, the primary contract) or the legacy {@link IncidentMessage}, both read by
 * {@link IncidentInput}.
 *
 * <p>Idempotency, one proposal per incident id: {@code handled} holds the proposal id made for the
 * incident (7 days); while it is set every later version or redelivery is ignored, so an incident
 * never opens two ballots, even when a later version changes its top cause. A platform update that
 * yields no plan (it names no service, or no rule matches) leaves {@code handled} unset: {@code
 * seen_version} remembers the version, older or repeated versions are ignored, a higher one is
 * evaluated again (the {@code NO_PLAN} case line is written once). A legacy incident is handled
 * once whatever the outcome. A record that is neither shape is recorded as {@code REFUSED}, never
 * retried.
 */
public final class AdvisorFn implements StatefulFunction {
    static final ValueSpec<String> HANDLED =
            ValueSpec.named("handled")
                    .thatExpireAfterWrite(Duration.ofDays(7))
                    .withUtf8StringType();

    /**
     * The highest platform update version evaluated without a plan (7 days): an older or repeated
     * version is ignored, a higher one is evaluated again.
     */
    static final ValueSpec<Integer> SEEN_VERSION =
            ValueSpec.named("seen_version").thatExpireAfterWrite(Duration.ofDays(7)).withIntType();

    private final GovernanceConfig config;

    AdvisorFn(GovernanceConfig config) {
        this.config = config;
    }

    public static StatefulFunctionSpec spec(GovernanceConfig config) {
        return StatefulFunctionSpec.builder(Types.ADVISOR)
                .withValueSpecs(HANDLED, SEEN_VERSION)
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
        IncidentInput input;
        try {
            input = IncidentInput.read(message.rawValue().toByteArray());
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
        if (input.update()) {
            if (input.resolved()) {
                return context.done(); // a resolve event: nothing to plan
            }
            int seen = context.storage().get(SEEN_VERSION).orElse(Integer.MIN_VALUE);
            if (input.version() <= seen) {
                return context.done(); // an older or redelivered version
            }
            context.storage().set(SEEN_VERSION, input.version());
            if (input.message() == null) {
                // Not remediable at this version (e.g. it names no service): a later one may be.
                CaseEvents.record(
                        context,
                        incidentId,
                        CaseEntry.Kind.NO_PLAN,
                        incidentId + "/no-plan",
                        "",
                        now,
                        "no plan for version " + input.version() + ": " + input.unusable(),
                        input.location() == null
                                ? Map.of("version", String.valueOf(input.version()))
                                : Map.of(
                                        "version",
                                        String.valueOf(input.version()),
                                        "location",
                                        input.location()));
                return context.done();
            }
        }
        IncidentMessage incident = input.message();
        IncidentSummary summary = incident.toSummary();
        Optional<RemediationPlan> found = config.playbook().planFor(summary);
        if (found.isEmpty()) {
            if (input.update()) {
                CaseEvents.record(
                        context,
                        incidentId,
                        CaseEntry.Kind.NO_PLAN,
                        incidentId + "/no-plan",
                        "",
                        now,
                        noPlanReason(summary),
                        Map.of(
                                "version",
                                String.valueOf(input.version()),
                                "location",
                                input.location()));
                return context.done(); // a later version may match a rule
            }
            context.storage().set(HANDLED, "");
            CaseEvents.record(
                    context,
                    incidentId,
                    CaseEntry.Kind.NO_PLAN,
                    incidentId + "/no-plan",
                    "",
                    now,
                    noPlanReason(summary),
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
        if (input.update()) {
            details.put("incidentVersion", String.valueOf(input.version()));
            details.put("cause", summary.cause().name());
            details.put("location", input.location());
            details.put("service", summary.service());
            details.put("criticality", summary.criticality());
        }

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

    private static String noPlanReason(IncidentSummary summary) {
        return "no playbook rule for "
                + summary.cause()
                + " on a "
                + summary.criticality()
                + " service"
                + (summary.afterDeploy() ? " after a deploy" : "");
    }
}
