package io.phalanx.functions.messages;

import io.phalanx.core.governance.DecisionRecord;
import io.phalanx.core.governance.RemediationPlan;

/**
 * A plan cleared to run, on {@code phalanx.approved-plans.v1} (Kafka key: the proposal id). It goes
 * through Kafka rather than straight to the executor so that it reaches the executor only once the
 * decision is committed (exactly-once egress, read_committed ingress): a decision that a restart
 * rolls back never ran anything.
 *
 * @param authorization {@code APPROVED} (with the decision) or {@code GOVERNANCE_OFF} (the
 *     environment needs no ballot; the executor checks that against its own policy)
 */
public record ExecuteRequest(
        int v,
        RemediationPlan plan,
        String authorization,
        DecisionRecord decision,
        String policyVersion) {

    public static final String APPROVED = "APPROVED";
    public static final String GOVERNANCE_OFF = "GOVERNANCE_OFF";
}
