package io.phalanx.core.governance;

/** An automated voter's vote on a plan and the reason it gives, as the case history shows it. */
public record AgentVerdict(String voterId, VoteChoice choice, String reason) {}
