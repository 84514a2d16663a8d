/**
 * Trust-weighted remediation governance, as plain Java: the trust policy and its schema, the
 * weighted tally of one ballot, the playbook that turns an incident into a remediation plan, the
 * rules of the automated voters and the append-only case history. The StateFun functions in {@code
 * phalanx-functions} keep this state and call it; nothing here knows about StateFun, Flink or
 * Kafka.
 *
 * <p>Weights are kept as whole thousandths ({@code long}) so that "quorum exactly met" is an exact
 * comparison, never a floating-point accident.
 */
package io.phalanx.core.governance;
