package io.phalanx.core.governance;

import java.time.Instant;

/**
 * The rule of one automated voter. Deterministic given its inputs (and, for the change-freeze
 * agent, its calendar), so a replayed review gives the same vote.
 */
public interface VoterRule {
    /** The voter id it votes as; must be a voter of the trust policy to count. */
    String voterId();

    AgentVerdict review(IncidentSummary incident, RemediationPlan plan, Instant now);
}
