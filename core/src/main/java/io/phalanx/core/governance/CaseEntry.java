package io.phalanx.core.governance;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of an incident's case history.
 *
 * @param seq position in the case, from 1, gap-free
 * @param entryId what makes the entry unique: a redelivered entry with the same id is dropped
 *     ({@code <proposalId>/vote/<voter>/<seq>}, {@code <proposalId>/decision}, ...)
 * @param details figures as text (weights, policy version, idempotency key, outcome)
 */
public record CaseEntry(
        String incidentId,
        long seq,
        Instant at,
        Kind kind,
        String entryId,
        String proposalId,
        String summary,
        Map<String, String> details) {

    /** What happened. */
    public enum Kind {
        PROPOSED,
        NO_PLAN,
        VOTE,
        DECISION,
        GOVERNANCE_OFF,
        ACTION,
        REFUSED
    }

    public CaseEntry {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
