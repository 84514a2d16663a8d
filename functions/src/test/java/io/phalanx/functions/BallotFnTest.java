package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.Decision;
import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.functions.messages.BallotTimeout;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.VoteMessage;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.SideEffects;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

/**
 * Policy: network-agent 2, slo-agent 1.5, change-freeze-agent 0 (veto), oncall-sre 2 (veto),
 * network-lead 1.5; 60 %, quorum 3.
 */
class BallotFnTest extends FunctionsTestBase {
    private final BallotFn ballot = new BallotFn(config(false));
    private final TestContext ctx = TestContext.forTarget(new Address(Types.BALLOT, FAILOVER));

    private ProposalMessage proposal() throws Exception {
        RemediationPlan plan =
                Playbook.load(Path.of("conf/playbook.yaml"))
                        .planFor(asymmetricIncident("prod", true).toSummary())
                        .orElseThrow();
        return new ProposalMessage(1, asymmetricIncident("prod", true), plan);
    }

    private void propose() throws Throwable {
        ballot.apply(ctx, message(Types.BALLOT, FAILOVER, Types.PROPOSAL, proposal())).join();
    }

    private void vote(String voter, String choice, long seq) throws Throwable {
        VoteMessage v = new VoteMessage(1, FAILOVER, voter, choice, seq, "test", clock.instant());
        ballot.apply(ctx, message(Types.BALLOT, FAILOVER, Types.VOTE, v)).join();
    }

    @Test
    void aProposalOpensTheBallotWithItsDeadlineAsADelayedMessageToSelf() throws Throwable {
        propose();
        SideEffects.SendAfterSideEffect timer = ctx.getSentDelayedMessages().get(0);
        assertThat(timer.duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(timer.message().targetAddress()).isEqualTo(ctx.self());
        assertThat(timer.message().as(Types.BALLOT_TIMEOUT))
                .isEqualTo(new BallotTimeout(1, FAILOVER));
        assertThat(ctx.storage().get(BallotFn.TALLY).orElseThrow().deadline())
                .isEqualTo(T0.plus(Duration.ofMinutes(15)));
        propose(); // redelivered: no second timer
        assertThat(ctx.getSentDelayedMessages()).hasSize(1);
    }

    @Test
    void approvalSendsTheCommittedPlanToTheExecutorAndRecordsEveryStep() throws Throwable {
        propose();
        vote("network-agent", "APPROVE", 1);
        assertThat(egress(ctx)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        vote("slo-agent", "APPROVE", 1);

        KafkaProducerRecord r = egress(ctx).get(0);
        assertThat(r.getTopic()).isEqualTo(Types.APPROVED_PLANS_TOPIC);
        assertThat(r.getKey()).isEqualTo(FAILOVER);
        ExecuteRequest x = json(r, ExecuteRequest.class);
        assertThat(x.authorization()).isEqualTo(ExecuteRequest.APPROVED);
        assertThat(x.decision().decision()).isEqualTo(Decision.APPROVED);
        assertThat(x.decision().approveMilli()).isEqualTo(3500);
        assertThat(x.policyVersion()).isEqualTo("2026-11-26.1");

        assertThat(caseEvents(ctx))
                .extracting(CaseEvent::kind)
                .containsExactly(CaseEntry.Kind.VOTE, CaseEntry.Kind.VOTE, CaseEntry.Kind.DECISION);
        CaseEvent decision = caseEvents(ctx).get(2);
        assertThat(decision.at()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(decision.details())
                .containsEntry("policyVersion", "2026-11-26.1")
                .containsEntry("approve", "3.5")
                .containsEntry("participating", "3.5");
        assertThat(caseEvents(ctx).get(0).details())
                .containsEntry("weight", "2")
                .containsEntry("status", "COUNTED")
                .containsEntry("counted", "true");
    }

    @Test
    void votesBeforeTheProposalAreKeptAndCountedWhenItArrives() throws Throwable {
        vote("oncall-sre", "APPROVE", 1);
        vote("network-lead", "APPROVE", 1);
        assertThat(ctx.storage().get(BallotFn.EARLY_VOTES).orElseThrow()).hasSize(2);
        assertThat(caseEvents(ctx)).isEmpty();
        propose();
        assertThat(ctx.storage().get(BallotFn.EARLY_VOTES)).isEmpty();
        assertThat(json(egress(ctx).get(0), ExecuteRequest.class).decision().approveMilli())
                .isEqualTo(3500);
    }

    @Test
    void aVetoStopsThePlanAndLaterVotesAreRecordedAsLate() throws Throwable {
        propose();
        vote("network-agent", "APPROVE", 1);
        vote("oncall-sre", "VETO", 1);
        vote("slo-agent", "APPROVE", 1);
        assertThat(egress(ctx)).isEmpty();
        assertThat(caseEvents(ctx).get(2).details()).containsEntry("decision", "VETOED");
        assertThat(caseEvents(ctx).get(3).details())
                .containsEntry("status", "LATE")
                .containsEntry("counted", "false")
                .containsEntry("weight", "1.5");
    }

    @Test
    void theDeadlineExpiresAnUndecidedBallot() throws Throwable {
        propose();
        vote("network-agent", "APPROVE", 1);
        clock.advance(Duration.ofMinutes(15));
        ballot.apply(
                        ctx,
                        message(
                                Types.BALLOT,
                                FAILOVER,
                                Types.BALLOT_TIMEOUT,
                                new BallotTimeout(1, FAILOVER)))
                .join();
        CaseEvent e = caseEvents(ctx).get(1);
        assertThat(e.kind()).isEqualTo(CaseEntry.Kind.DECISION);
        assertThat(e.summary()).isEqualTo("EXPIRED");
        assertThat(egress(ctx)).isEmpty();
    }

    @Test
    void aWithdrawnVoteAndAnUnknownChoice() throws Throwable {
        propose();
        vote("network-agent", "APPROVE", 1);
        vote("network-agent", "WITHDRAW", 2);
        vote("slo-agent", "MAYBE", 1);
        assertThat(caseEvents(ctx))
                .extracting(CaseEvent::kind)
                .containsExactly(CaseEntry.Kind.VOTE, CaseEntry.Kind.VOTE, CaseEntry.Kind.REFUSED);
        assertThat(caseEvents(ctx).get(1).details()).containsEntry("status", "WITHDRAWN");
        assertThat(ctx.storage().get(BallotFn.TALLY).orElseThrow().votes()).isEmpty();
    }
}
