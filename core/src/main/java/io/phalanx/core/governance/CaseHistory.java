package io.phalanx.core.governance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only record of one incident: proposals, votes with weights, decisions, actions and
 * their outcomes. Nothing is ever changed or removed; an entry whose {@code entryId} is already
 * present (a duplicate delivery) is dropped, so replays do not repeat lines.
 */
public final class CaseHistory {
    private final String incidentId;
    private final List<CaseEntry> entries = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    public CaseHistory(String incidentId) {
        this.incidentId = incidentId;
    }

    /** A history holding {@code entries} as previously returned by {@link #entries()}. */
    public static CaseHistory of(String incidentId, List<CaseEntry> entries) {
        CaseHistory h = new CaseHistory(incidentId);
        for (CaseEntry e : entries) {
            if (e.seq() != h.entries.size() + 1 || !h.ids.add(e.entryId())) {
                throw new IllegalArgumentException("not a case history: entry " + e);
            }
            h.entries.add(e);
        }
        return h;
    }

    /**
     * Appends the entry unless one with the same id exists; returns it with its sequence number.
     */
    public Optional<CaseEntry> append(
            CaseEntry.Kind kind,
            String entryId,
            String proposalId,
            Instant at,
            String summary,
            Map<String, String> details) {
        if (!ids.add(entryId)) {
            return Optional.empty();
        }
        CaseEntry e =
                new CaseEntry(
                        incidentId,
                        entries.size() + 1L,
                        at,
                        kind,
                        entryId,
                        proposalId,
                        summary,
                        details);
        entries.add(e);
        return Optional.of(e);
    }

    public List<CaseEntry> entries() {
        return List.copyOf(entries);
    }

    public String incidentId() {
        return incidentId;
    }
}
