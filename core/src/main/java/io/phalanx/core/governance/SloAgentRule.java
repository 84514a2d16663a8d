package io.phalanx.core.governance;

import java.time.Instant;

/**
 * The SLO agent checks the burn: a change is worth its risk only while the error budget burns at
 * least {@code minBurnRate} times the sustainable rate. Unknown burn (no traffic) abstains.
 */
public final class SloAgentRule implements VoterRule {
    private final String voterId;
    private final double minBurnRate;

    public SloAgentRule(String voterId, double minBurnRate) {
        this.voterId = voterId;
        this.minBurnRate = minBurnRate;
    }

    @Override
    public String voterId() {
        return voterId;
    }

    @Override
    public AgentVerdict review(IncidentSummary incident, RemediationPlan plan, Instant now) {
        double burn = incident.burnRate();
        if (Double.isNaN(burn)) {
            return new AgentVerdict(voterId, VoteChoice.ABSTAIN, "burn rate unknown");
        }
        if (burn >= minBurnRate) {
            return new AgentVerdict(
                    voterId,
                    VoteChoice.APPROVE,
                    String.format(
                            java.util.Locale.ROOT,
                            "burning %.1fx the budget (>= %.1fx)",
                            burn,
                            minBurnRate));
        }
        return new AgentVerdict(
                voterId,
                VoteChoice.REJECT,
                String.format(
                        java.util.Locale.ROOT,
                        "burning %.1fx the budget (< %.1fx): not worth the risk",
                        burn,
                        minBurnRate));
    }
}
