package io.phalanx.functions.messages;

import java.time.Instant;

/**
 * A vote on {@code phalanx.votes.v1} (Kafka key: the proposal id) or from an agent, version 1:
 *
 * <pre>{@code
 * {"v":1,"proposalId":"inc-42/failover-backup-path","voter":"oncall-sre","choice":"APPROVE",
 *  "seq":1,"reason":"backup path checked","ts":"2026-11-26T21:03:00Z"}
 * }</pre>
 *
 * {@code choice} is APPROVE, REJECT, ABSTAIN, VETO or WITHDRAW; {@code seq} grows with each vote of
 * the same voter on the same proposal, so a changed vote wins over a redelivered older one.
 */
public record VoteMessage(
        int v,
        String proposalId,
        String voter,
        String choice,
        long seq,
        String reason,
        Instant ts) {

    /** The choice that withdraws the voter's vote. */
    public static final String WITHDRAW = "WITHDRAW";
}
