package io.phalanx.core.governance;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The change-freeze agent reads the freeze calendar: inside a freeze window it vetoes (a veto
 * counts only if the policy makes this agent a veto holder; otherwise it is a reject), except a
 * rollback through a window that allows rollbacks; outside any window it approves.
 *
 * <p>The calendar is asked at review time through a supplier, so an edited calendar file is seen by
 * the next review without a restart.
 */
public final class ChangeFreezeAgentRule implements VoterRule {
    private final String voterId;
    private final Supplier<ChangeFreezeCalendar> calendar;

    public ChangeFreezeAgentRule(String voterId, Supplier<ChangeFreezeCalendar> calendar) {
        this.voterId = voterId;
        this.calendar = calendar;
    }

    @Override
    public String voterId() {
        return voterId;
    }

    @Override
    public AgentVerdict review(IncidentSummary incident, RemediationPlan plan, Instant now) {
        Optional<ChangeFreezeCalendar.Freeze> freeze =
                calendar.get().freezeAt(incident.environment(), now);
        if (freeze.isEmpty()) {
            return new AgentVerdict(
                    voterId, VoteChoice.APPROVE, "no change freeze in " + incident.environment());
        }
        ChangeFreezeCalendar.Freeze f = freeze.get();
        if (f.allowRollbacks() && plan.category() == RemediationPlan.Category.ROLLBACK) {
            return new AgentVerdict(
                    voterId, VoteChoice.APPROVE, "freeze '" + f.name() + "' allows rollbacks");
        }
        return new AgentVerdict(
                voterId,
                VoteChoice.VETO,
                "change freeze '"
                        + f.name()
                        + "' in "
                        + incident.environment()
                        + " until "
                        + f.end());
    }
}
