package io.phalanx.core.governance;

import java.time.Instant;

/**
 * What a ballot did with one vote message, for the case history: every vote is recorded, counted or
 * not.
 *
 * @param weightMilli the voter's weight under the policy (0 for unknown voters)
 * @param note why the vote was not counted as sent, empty otherwise
 */
public record VoteReceipt(
        String proposalId,
        String voterId,
        VoteChoice choice,
        boolean withdrawal,
        long seq,
        long weightMilli,
        Status status,
        Instant at,
        String note) {

    /** What the ballot did with the vote. */
    public enum Status {
        /** A first vote of this voter, now counted. */
        COUNTED,
        /** Replaced the voter's earlier vote. */
        CHANGED,
        /** The voter's earlier vote no longer counts. */
        WITHDRAWN,
        /** Same voter, same or older sequence number: a redelivery or a reordered old vote. */
        STALE,
        /** Arrived after the decision: recorded, not counted. */
        LATE,
        /** The voter is not in the policy: recorded, not counted. */
        UNKNOWN_VOTER
    }

    public boolean counted() {
        return status == Status.COUNTED || status == Status.CHANGED || status == Status.WITHDRAWN;
    }
}
