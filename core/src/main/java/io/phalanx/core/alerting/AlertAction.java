package io.phalanx.core.alerting;

/** What an incident update asks of the alerting targets. */
public enum AlertAction {
    /** The first version of an incident: page. */
    TRIGGER,
    /** A later version: refresh what the targets show without paging again. */
    UPDATE,
    /** The incident closed: resolve exactly once. */
    RESOLVE
}
