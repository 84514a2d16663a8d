package io.phalanx.functions.messages;

import io.phalanx.core.governance.RemediationPlan;

/** Advisor to an agent (id: the agent's voter id): review this plan and vote. */
public record ReviewRequest(int v, IncidentMessage incident, RemediationPlan plan) {}
