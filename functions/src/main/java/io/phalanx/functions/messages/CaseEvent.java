package io.phalanx.functions.messages;

import io.phalanx.core.governance.CaseEntry;
import java.time.Instant;
import java.util.Map;

/** To case history (id: the incident id): append this line unless its entry id is known. */
public record CaseEvent(
        int v,
        String incidentId,
        CaseEntry.Kind kind,
        String entryId,
        String proposalId,
        Instant at,
        String summary,
        Map<String, String> details) {}
