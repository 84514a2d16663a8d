package io.phalanx.functions;

import io.phalanx.core.governance.AgentVerdict;
import io.phalanx.core.governance.VoterRule;
import io.phalanx.functions.messages.ReviewRequest;
import io.phalanx.functions.messages.VoteMessage;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * An automated voter (id: its voter id, e.g. {@code network-agent}): applies its rule to a review
 * request and sends its vote, with the reason, to the proposal's ballot.
 *
 * <p>Keeps no state. Every vote it sends carries sequence number 1, so a redelivered review request
 * gives a vote the ballot recognises as a repeat. A review for an id with no rule fails loudly: the
 * policy and the server disagree.
 */
public final class AgentFn implements StatefulFunction {
    private final GovernanceConfig config;

    AgentFn(GovernanceConfig config) {
        this.config = config;
    }

    public static StatefulFunctionSpec spec(GovernanceConfig config) {
        return StatefulFunctionSpec.builder(Types.AGENT)
                .withSupplier(() -> new AgentFn(config))
                .build();
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        if (!message.is(Types.REVIEW)) {
            throw new IllegalArgumentException(
                    "agent: unexpected message " + message.valueTypeName());
        }
        VoterRule rule = config.agents().get(context.self().id());
        if (rule == null) {
            throw new IllegalStateException("no rule for agent '" + context.self().id() + "'");
        }
        ReviewRequest review = message.as(Types.REVIEW);
        Instant now = config.clock().instant();
        AgentVerdict verdict = rule.review(review.incident().toSummary(), review.plan(), now);
        VoteMessage vote =
                new VoteMessage(
                        1,
                        review.plan().proposalId(),
                        verdict.voterId(),
                        verdict.choice().name(),
                        1,
                        verdict.reason(),
                        now);
        context.send(
                MessageBuilder.forAddress(Types.BALLOT, review.plan().proposalId())
                        .withCustomType(Types.VOTE, vote)
                        .build());
        return context.done();
    }
}
