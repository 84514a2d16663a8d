package io.phalanx.functions.messages;

import io.phalanx.core.governance.CaseEntry;
import java.time.Instant;
import java.util.Map;

/**
 * One case-history line on {@code phalanx.cases.v1} (Kafka key: the incident id), version 1:
 *
 * <pre>{@code
 * {"v":1,"incidentId":"inc-42","seq":4,"at":"2026-11-26T21:03:00Z","kind":"DECISION",
 *  "entryId":"inc-42/failover-backup-path/decision","proposalId":"inc-42/failover-backup-path",
 *  "summary":"APPROVED","details":{"policyVersion":"2026-11-26.1","approve":"3.5",...}}
 * }</pre>
 */
public record CaseRecord(
        int v,
        String incidentId,
        long seq,
        Instant at,
        CaseEntry.Kind kind,
        String entryId,
        String proposalId,
        String summary,
        Map<String, String> details) {

    public static CaseRecord of(CaseEntry e) {
        return new CaseRecord(
                1,
                e.incidentId(),
                e.seq(),
                e.at(),
                e.kind(),
                e.entryId(),
                e.proposalId(),
                e.summary(),
                e.details());
    }
}
