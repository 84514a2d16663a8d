package io.phalanx.core.governance;

import static io.phalanx.core.governance.VoteChoice.ABSTAIN;
import static io.phalanx.core.governance.VoteChoice.APPROVE;
import static io.phalanx.core.governance.VoteChoice.REJECT;
import static io.phalanx.core.governance.VoteChoice.VETO;
import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.governance.VoteReceipt.Status;
import org.junit.jupiter.api.Test;

/**
 * Policy: network-agent 2, slo-agent 1.5, change-freeze-agent 0 (veto), oncall-sre 2 (veto),
 * observer 0; threshold 60 %, quorum 3; ballots expire after 15 min.
 */
class TrustWeightedTallyTest extends GovernanceTestBase {

    private static TrustWeightedTally open() {
        return TrustWeightedTally.open(policy(), "inc-42/failover", OPENED);
    }

    private static TrustWeightedTally open(String from, String to) {
        try {
            TrustPolicy p = TrustPolicy.parse(resource("trust-policy.json").replace(from, to), "p");
            return TrustWeightedTally.open(p, "inc-42/failover", OPENED);
        } catch (ConfigFileException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void approvesOnceQuorumAndShareAreMetAndRecordsThePolicyVersion() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        assertThat(t.decision()).isEmpty(); // 2 < quorum 3
        VoteReceipt r = t.cast("slo-agent", APPROVE, 1, minutesLater(2));

        assertThat(r.status()).isEqualTo(Status.COUNTED);
        assertThat(r.weightMilli()).isEqualTo(1500);
        DecisionRecord d = t.decision().orElseThrow();
        assertThat(d.decision()).isEqualTo(Decision.APPROVED);
        assertThat(d.policyVersion()).isEqualTo("2026-11-26.1");
        assertThat(d.approveMilli()).isEqualTo(3500);
        assertThat(d.rejectMilli()).isZero();
        assertThat(d.decidedAt()).isEqualTo(minutesLater(2));
        assertThat(d.reason())
                .isEqualTo(
                        "approve 3.5, reject 0, abstain 0 (100 % approve, threshold 60.0 %); participating 3.5 of quorum 3");
    }

    @Test
    void quorumExactlyMetApproves() {
        TrustWeightedTally t = open("\"quorum\": 3", "\"quorum\": 3.5");
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("slo-agent", APPROVE, 1, minutesLater(2));
        assertThat(t.decision().orElseThrow().participatingMilli()).isEqualTo(3500);
        assertThat(t.decision().orElseThrow().decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    void quorumMissedByOneThousandthDoesNotApprove() {
        TrustWeightedTally t = open("\"quorum\": 3", "\"quorum\": 3.501");
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("slo-agent", APPROVE, 1, minutesLater(2));
        assertThat(t.decision()).isEmpty();
    }

    @Test
    void abstentionCountsTowardQuorumButNotTowardTheShare() {
        TrustWeightedTally t = open();
        t.cast("slo-agent", ABSTAIN, 1, minutesLater(1));
        t.cast("network-agent", APPROVE, 1, minutesLater(2));
        DecisionRecord d = t.decision().orElseThrow();
        assertThat(d.decision()).isEqualTo(Decision.APPROVED);
        assertThat(d.abstainMilli()).isEqualTo(1500);
        assertThat(d.participatingMilli()).isEqualTo(3500);
    }

    @Test
    void aTieNeverApprovesEvenAtAFiftyPercentThreshold() {
        TrustWeightedTally t = open("\"approvalThreshold\": 0.6", "\"approvalThreshold\": 0.5");
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("oncall-sre", REJECT, 1, minutesLater(2));
        assertThat(t.decision()).isEmpty(); // 2 vs 2, participating 4 >= 3
        t.cast("slo-agent", APPROVE, 1, minutesLater(3));
        DecisionRecord d = t.decision().orElseThrow();
        assertThat(d.decision()).isEqualTo(Decision.APPROVED);
        assertThat(d.approveMilli()).isEqualTo(3500);
        assertThat(d.rejectMilli()).isEqualTo(2000);
    }

    @Test
    void belowThresholdWaitsAndExpiresAtTheDeadline() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("oncall-sre", REJECT, 1, minutesLater(2)); // 50 % < 60 %
        assertThat(t.expire(minutesLater(14.99))).isEmpty();
        DecisionRecord d = t.expire(minutesLater(15)).orElseThrow();
        assertThat(d.decision()).isEqualTo(Decision.EXPIRED);
        assertThat(d.reason())
                .startsWith("no approval or veto by the deadline 2026-11-26T21:15:00Z");
    }

    @Test
    void aWithdrawnVoteNoLongerCounts() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        VoteReceipt w = t.withdraw("network-agent", 2, minutesLater(2));
        t.cast("slo-agent", APPROVE, 1, minutesLater(3));

        assertThat(w.status()).isEqualTo(Status.WITHDRAWN);
        assertThat(t.votes())
                .extracting(TrustWeightedTally.CountedVote::voterId)
                .containsExactly("slo-agent");
        assertThat(t.decision()).isEmpty(); // 1.5 < 3
        t.cast("oncall-sre", APPROVE, 1, minutesLater(4));
        assertThat(t.decision().orElseThrow().approveMilli()).isEqualTo(3500);
    }

    @Test
    void aChangedVoteReplacesTheEarlierOne() {
        TrustWeightedTally t = open();
        t.cast("oncall-sre", REJECT, 1, minutesLater(1));
        t.cast("network-agent", APPROVE, 1, minutesLater(2));
        assertThat(t.decision()).isEmpty();
        VoteReceipt c = t.cast("oncall-sre", APPROVE, 2, minutesLater(3));
        assertThat(c.status()).isEqualTo(Status.CHANGED);
        DecisionRecord d = t.decision().orElseThrow();
        assertThat(d.approveMilli()).isEqualTo(4000);
        assertThat(d.rejectMilli()).isZero();
    }

    @Test
    void redeliveredAndOvertakenVotesAreStale() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("network-agent", REJECT, 2, minutesLater(2));
        VoteReceipt old = t.cast("network-agent", APPROVE, 1, minutesLater(3));
        VoteReceipt dup = t.cast("network-agent", REJECT, 2, minutesLater(3));
        assertThat(old.status()).isEqualTo(Status.STALE);
        assertThat(dup.status()).isEqualTo(Status.STALE);
        assertThat(t.votes())
                .singleElement()
                .extracting(TrustWeightedTally.CountedVote::choice)
                .isEqualTo(REJECT);
    }

    @Test
    void zeroWeightVotersAreRecordedButNeverMakeAQuorum() {
        TrustWeightedTally t = open();
        VoteReceipt r = t.cast("observer", APPROVE, 1, minutesLater(1));
        t.cast("network-agent", APPROVE, 1, minutesLater(2));
        assertThat(r.status()).isEqualTo(Status.COUNTED);
        assertThat(r.weightMilli()).isZero();
        assertThat(t.votes()).hasSize(2);
        assertThat(t.decision()).isEmpty(); // participating 2 < 3
    }

    @Test
    void aZeroWeightVetoHolderStillVetoes() {
        TrustWeightedTally t = open();
        t.cast("change-freeze-agent", VETO, 1, minutesLater(1));
        DecisionRecord d = t.decision().orElseThrow();
        assertThat(d.decision()).isEqualTo(Decision.VETOED);
        assertThat(d.reason()).startsWith("vetoed by change-freeze-agent");
    }

    @Test
    void aVetoAfterTheShareIsMetButBeforeQuorumWins() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1)); // 100 % approve, quorum not met
        t.cast("oncall-sre", VETO, 1, minutesLater(2));
        DecisionRecord d = t.decision().orElseThrow();
        assertThat(d.decision()).isEqualTo(Decision.VETOED);
        assertThat(d.approveMilli()).isEqualTo(2000);
        assertThat(d.rejectMilli()).isEqualTo(2000);
    }

    @Test
    void aVetoAfterApprovalIsLateAndChangesNothing() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("slo-agent", APPROVE, 1, minutesLater(2));
        VoteReceipt veto = t.cast("oncall-sre", VETO, 1, minutesLater(3));
        assertThat(veto.status()).isEqualTo(Status.LATE);
        assertThat(veto.counted()).isFalse();
        assertThat(veto.note()).isEqualTo("after the decision APPROVED");
        assertThat(t.decision().orElseThrow().decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    void aVetoFromSomeoneWithoutTheRightIsAReject() {
        TrustWeightedTally t = open();
        VoteReceipt r = t.cast("network-agent", VETO, 1, minutesLater(1));
        assertThat(r.note()).isEqualTo("not a veto holder: counted as REJECT");
        t.cast("slo-agent", APPROVE, 1, minutesLater(2));
        t.cast("oncall-sre", APPROVE, 1, minutesLater(3));
        DecisionRecord d = t.decision().orElseThrow(); // 3.5 of 5.5 = 63 %
        assertThat(d.decision()).isEqualTo(Decision.APPROVED);
        assertThat(d.rejectMilli()).isEqualTo(2000);
    }

    @Test
    void votesAfterExpiryAreLateAndUnknownVotersAreNotCounted() {
        TrustWeightedTally t = open();
        VoteReceipt stranger = t.cast("mallory", APPROVE, 1, minutesLater(1));
        assertThat(stranger.status()).isEqualTo(Status.UNKNOWN_VOTER);
        assertThat(t.votes()).isEmpty();
        VoteReceipt late = t.cast("network-agent", APPROVE, 1, minutesLater(16));
        assertThat(late.status()).isEqualTo(Status.LATE);
        assertThat(t.decision().orElseThrow().decision()).isEqualTo(Decision.EXPIRED);
        assertThat(t.decision().orElseThrow().decidedAt()).isEqualTo(minutesLater(16));
    }

    @Test
    void snapshotAndRestoreGiveTheSameBallot() {
        TrustWeightedTally t = open();
        t.cast("network-agent", APPROVE, 1, minutesLater(1));
        t.cast("oncall-sre", REJECT, 3, minutesLater(2));
        TrustWeightedTally r = TrustWeightedTally.restore(policy(), t.snapshot());
        assertThat(r.snapshot()).isEqualTo(t.snapshot());
        assertThat(r.cast("oncall-sre", APPROVE, 2, minutesLater(3)).status())
                .isEqualTo(Status.STALE);
        r.cast("oncall-sre", APPROVE, 4, minutesLater(3));
        assertThat(r.decision().orElseThrow().decision()).isEqualTo(Decision.APPROVED);
    }
}
