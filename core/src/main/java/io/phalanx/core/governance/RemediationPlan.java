package io.phalanx.core.governance;

import java.util.List;

/**
 * What the advisor proposes for one incident: the steps, what they should achieve and what they
 * risk.
 *
 * @param proposalId {@code <incidentId>/<rule>}: the same incident always gives the same id, so a
 *     redelivered incident never opens a second ballot
 * @param rule the playbook rule that produced the plan
 */
public record RemediationPlan(
        String proposalId,
        String incidentId,
        String rule,
        Category category,
        String service,
        String environment,
        String summary,
        String expectedEffect,
        Risk risk,
        List<ActionSpec> actions) {

    /** What kind of change the plan makes; the agents judge each differently. */
    public enum Category {
        /** Moves traffic to another network path. */
        FAILOVER,
        /** Returns a service to its previous version. */
        ROLLBACK,
        /** Anything else (scaling, config). */
        OTHER
    }

    /** The plan's risk as the playbook states it. */
    public enum Risk {
        LOW,
        MEDIUM,
        HIGH
    }

    public RemediationPlan {
        actions = List.copyOf(actions);
    }
}
