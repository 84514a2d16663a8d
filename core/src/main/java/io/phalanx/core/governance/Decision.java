package io.phalanx.core.governance;

/** How a ballot ended. A ballot that has not ended has no decision. */
public enum Decision {
    /** The approving share and the quorum were met, and no veto holder vetoed first. */
    APPROVED,
    /** A veto holder vetoed before the plan was approved. */
    VETOED,
    /** The ballot timed out without an approval or a veto. */
    EXPIRED
}
