package io.phalanx.core.governance;

import java.time.Instant;

/**
 * A ballot's decision with the figures it was taken on and the policy version in force, as the case
 * history records it.
 *
 * @param approveMilli approving weight in thousandths when the decision was taken (likewise the
 *     others); participating = approve + reject + abstain
 * @param reason a one-line explanation ("approve 3.5 of 4.5 (78 % >= 60 %), quorum 3 met")
 */
public record DecisionRecord(
        String proposalId,
        Decision decision,
        String policyVersion,
        Instant decidedAt,
        long approveMilli,
        long rejectMilli,
        long abstainMilli,
        String reason) {

    public long participatingMilli() {
        return approveMilli + rejectMilli + abstainMilli;
    }
}
