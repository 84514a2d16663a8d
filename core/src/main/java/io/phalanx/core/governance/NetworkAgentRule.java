package io.phalanx.core.governance;

import java.time.Instant;

/**
 * The network agent checks the path evidence behind a failover: it approves moving traffic only
 * when the two directions were seen on different paths and the backup path was measured healthy,
 * rejects a failover onto an unmeasured or unhealthy backup, and abstains on plans that do not
 * change paths.
 */
public final class NetworkAgentRule implements VoterRule {
    private final String voterId;

    public NetworkAgentRule(String voterId) {
        this.voterId = voterId;
    }

    @Override
    public String voterId() {
        return voterId;
    }

    @Override
    public AgentVerdict review(IncidentSummary incident, RemediationPlan plan, Instant now) {
        if (plan.category() != RemediationPlan.Category.FAILOVER) {
            return new AgentVerdict(voterId, VoteChoice.ABSTAIN, "not a path change");
        }
        if (!incident.asymmetricPaths()) {
            return new AgentVerdict(
                    voterId,
                    VoteChoice.REJECT,
                    "no path asymmetry in the evidence: failover would not help");
        }
        if (incident.backupPathHealthy() == null) {
            return new AgentVerdict(
                    voterId, VoteChoice.REJECT, "backup path not measured: failing over blind");
        }
        if (!incident.backupPathHealthy()) {
            return new AgentVerdict(voterId, VoteChoice.REJECT, "backup path unhealthy");
        }
        return new AgentVerdict(
                voterId, VoteChoice.APPROVE, "paths asymmetric and backup path healthy");
    }
}
