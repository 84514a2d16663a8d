package io.phalanx.functions.messages;

import io.phalanx.core.governance.RemediationPlan;

/** Advisor to ballot (id: the proposal id): open a ballot on this plan. */
public record ProposalMessage(int v, IncidentMessage incident, RemediationPlan plan) {}
