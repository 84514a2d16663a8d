package io.phalanx.core.governance;

/**
 * What a voter says about a plan. {@code ABSTAIN} counts toward the quorum but not toward the
 * approving share; {@code VETO} stops the plan when a veto holder says it and counts as {@code
 * REJECT} from anyone else.
 */
public enum VoteChoice {
    APPROVE,
    REJECT,
    ABSTAIN,
    VETO
}
