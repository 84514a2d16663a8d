package io.phalanx.functions;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.Decision;
import io.phalanx.core.governance.DecisionRecord;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.core.governance.TrustWeightedTally;
import io.phalanx.core.governance.VoteChoice;
import io.phalanx.core.governance.VoteReceipt;
import io.phalanx.functions.messages.BallotTimeout;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.VoteMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * Ballot, one per proposal (id: the proposal id): collects agent and human votes, applies the trust
 * policy ({@link TrustWeightedTally}) and decides APPROVED, VETOED or EXPIRED. An approved plan
 * goes to the executor through the approved-plans topic, so it runs only once the decision is
 * committed. Every vote, counted or not, and the decision (with the policy version) go to the case
 * history.
 *
 * <p>State: {@code proposal} and {@code tally}, kept 30 days after the last write so late votes are
 * still recorded as late; {@code early_votes}, votes that arrived before the proposal (the
 * advisor's and a human's messages race), applied in arrival order when it comes, dropped after a
 * day without one, at most {@value #MAX_EARLY_VOTES}. The deadline is a delayed message to self
 * ({@link BallotTimeout}); a duplicate proposal is ignored.
 */
public final class BallotFn implements StatefulFunction {
    static final int MAX_EARLY_VOTES = 1000;
    static final ValueSpec<ProposalMessage> PROPOSAL =
            ValueSpec.named("proposal")
                    .thatExpireAfterWrite(Duration.ofDays(30))
                    .withCustomType(Types.PROPOSAL);
    static final ValueSpec<TrustWeightedTally.Snapshot> TALLY =
            ValueSpec.named("tally")
                    .thatExpireAfterWrite(Duration.ofDays(30))
                    .withCustomType(Types.TALLY_STATE);
    static final ValueSpec<VoteMessage[]> EARLY_VOTES =
            ValueSpec.named("early_votes")
                    .thatExpireAfterWrite(Duration.ofDays(1))
                    .withCustomType(Types.VOTE_LIST_STATE);

    private final GovernanceConfig config;

    BallotFn(GovernanceConfig config) {
        this.config = config;
    }

    public static StatefulFunctionSpec spec(GovernanceConfig config) {
        return StatefulFunctionSpec.builder(Types.BALLOT)
                .withValueSpecs(PROPOSAL, TALLY, EARLY_VOTES)
                .withSupplier(() -> new BallotFn(config))
                .build();
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        Instant now = config.clock().instant();
        if (message.is(Types.PROPOSAL)) {
            onProposal(context, message.as(Types.PROPOSAL), now);
        } else if (message.is(Types.VOTE)) {
            onVote(context, message.as(Types.VOTE), now);
        } else if (message.is(Types.BALLOT_TIMEOUT)) {
            onTimeout(context, now);
        } else {
            throw new IllegalArgumentException(
                    "ballot: unexpected message " + message.valueTypeName());
        }
        return context.done();
    }

    private void onProposal(Context context, ProposalMessage proposal, Instant now) {
        if (context.storage().get(TALLY).isPresent()) {
            return; // a redelivered proposal
        }
        TrustPolicy policy = config.policy();
        TrustWeightedTally tally = TrustWeightedTally.open(policy, context.self().id(), now);
        context.storage().set(PROPOSAL, proposal);
        context.sendAfter(
                policy.ballotTimeout(),
                MessageBuilder.forAddress(context.self())
                        .withCustomType(
                                Types.BALLOT_TIMEOUT, new BallotTimeout(1, context.self().id()))
                        .build());
        List<VoteMessage> early = Types.list(context.storage().get(EARLY_VOTES).orElse(null));
        context.storage().remove(EARLY_VOTES);
        for (VoteMessage v : early) {
            count(context, proposal, tally, v, now);
        }
        context.storage().set(TALLY, tally.snapshot());
    }

    private void onVote(Context context, VoteMessage vote, Instant now) {
        Optional<ProposalMessage> proposal = context.storage().get(PROPOSAL);
        Optional<TrustWeightedTally.Snapshot> snapshot = context.storage().get(TALLY);
        if (proposal.isEmpty() || snapshot.isEmpty()) {
            List<VoteMessage> early =
                    new ArrayList<>(Types.list(context.storage().get(EARLY_VOTES).orElse(null)));
            if (early.size() < MAX_EARLY_VOTES) {
                early.add(vote);
                context.storage().set(EARLY_VOTES, early.toArray(new VoteMessage[0]));
            }
            return;
        }
        TrustWeightedTally tally = TrustWeightedTally.restore(config.policy(), snapshot.get());
        count(context, proposal.get(), tally, vote, now);
        context.storage().set(TALLY, tally.snapshot());
    }

    private void onTimeout(Context context, Instant now) {
        Optional<ProposalMessage> proposal = context.storage().get(PROPOSAL);
        Optional<TrustWeightedTally.Snapshot> snapshot = context.storage().get(TALLY);
        if (proposal.isEmpty() || snapshot.isEmpty()) {
            return;
        }
        TrustWeightedTally tally = TrustWeightedTally.restore(config.policy(), snapshot.get());
        if (tally.decision().isPresent()) {
            return;
        }
        // The delayed message is due at the deadline; a clock a little behind must not keep the
        // ballot open forever.
        Instant at = now.isBefore(tally.deadline()) ? tally.deadline() : now;
        tally.expire(at).ifPresent(d -> decided(context, proposal.get(), d));
        context.storage().set(TALLY, tally.snapshot());
    }

    private void count(
            Context context,
            ProposalMessage proposal,
            TrustWeightedTally tally,
            VoteMessage vote,
            Instant now) {
        String incidentId = proposal.plan().incidentId();
        String proposalId = proposal.plan().proposalId();
        String entryId = proposalId + "/vote/" + vote.voter() + "/" + vote.seq();
        boolean wasDecided = tally.decision().isPresent();
        VoteReceipt receipt;
        String choice = vote.choice() == null ? "" : vote.choice().toUpperCase(Locale.ROOT);
        if (VoteMessage.WITHDRAW.equals(choice)) {
            receipt = tally.withdraw(vote.voter(), vote.seq(), now);
        } else {
            VoteChoice c;
            try {
                c = VoteChoice.valueOf(choice);
            } catch (IllegalArgumentException e) {
                CaseEvents.record(
                        context,
                        incidentId,
                        CaseEntry.Kind.REFUSED,
                        entryId,
                        proposalId,
                        now,
                        "vote by "
                                + vote.voter()
                                + " refused: unknown choice '"
                                + vote.choice()
                                + "'",
                        Map.of());
                return;
            }
            receipt = tally.cast(vote.voter(), c, vote.seq(), now);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("voter", vote.voter());
        details.put(
                "choice", receipt.withdrawal() ? VoteMessage.WITHDRAW : receipt.choice().name());
        details.put("weight", TrustPolicy.formatWeight(receipt.weightMilli()));
        details.put("seq", Long.toString(vote.seq()));
        details.put("status", receipt.status().name());
        details.put("counted", Boolean.toString(receipt.counted()));
        if (!receipt.note().isEmpty()) {
            details.put("note", receipt.note());
        }
        if (vote.reason() != null) {
            details.put("reason", vote.reason());
        }
        CaseEvents.record(
                context,
                incidentId,
                CaseEntry.Kind.VOTE,
                entryId,
                proposalId,
                now,
                vote.voter()
                        + " "
                        + details.get("choice")
                        + " (weight "
                        + details.get("weight")
                        + ", "
                        + receipt.status()
                        + ")",
                details);
        if (!wasDecided) {
            tally.decision().ifPresent(d -> decided(context, proposal, d));
        }
    }

    private void decided(Context context, ProposalMessage proposal, DecisionRecord d) {
        String proposalId = proposal.plan().proposalId();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("decision", d.decision().name());
        details.put("policyVersion", d.policyVersion());
        details.put("approve", TrustPolicy.formatWeight(d.approveMilli()));
        details.put("reject", TrustPolicy.formatWeight(d.rejectMilli()));
        details.put("abstain", TrustPolicy.formatWeight(d.abstainMilli()));
        details.put("participating", TrustPolicy.formatWeight(d.participatingMilli()));
        details.put("reason", d.reason());
        CaseEvents.record(
                context,
                proposal.plan().incidentId(),
                CaseEntry.Kind.DECISION,
                proposalId + "/decision",
                proposalId,
                d.decidedAt(),
                d.decision().name(),
                details);
        if (d.decision() == Decision.APPROVED) {
            context.send(
                    KafkaEgressMessage.forEgress(Types.KAFKA_EGRESS)
                            .withTopic(Types.APPROVED_PLANS_TOPIC)
                            .withUtf8Key(proposalId)
                            .withValue(
                                    Types.EXECUTE,
                                    new ExecuteRequest(
                                            1,
                                            proposal.plan(),
                                            ExecuteRequest.APPROVED,
                                            d,
                                            d.policyVersion()))
                            .build());
        }
    }
}
