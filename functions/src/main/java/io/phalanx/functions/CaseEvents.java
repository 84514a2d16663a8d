package io.phalanx.functions;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.functions.messages.CaseEvent;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/** Sends a line to an incident's case history. */
final class CaseEvents {
    private CaseEvents() {}

    static void record(
            Context context,
            String incidentId,
            CaseEntry.Kind kind,
            String entryId,
            String proposalId,
            Instant at,
            String summary,
            Map<String, String> details) {
        context.send(
                MessageBuilder.forAddress(Types.CASE_HISTORY, incidentId)
                        .withCustomType(
                                Types.CASE_EVENT,
                                new CaseEvent(
                                        1,
                                        incidentId,
                                        kind,
                                        entryId,
                                        proposalId,
                                        at,
                                        summary,
                                        details))
                        .build());
    }
}
