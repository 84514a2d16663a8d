package io.phalanx.functions;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.CaseHistory;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.CaseQuery;
import io.phalanx.functions.messages.CaseRecord;
import io.phalanx.functions.messages.CaseSnapshot;
import io.phalanx.functions.messages.Json;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;

/**
 * Case history, one per incident (id: the incident id): the append-only record of proposals, votes
 * with weights, decisions, actions and outcomes. Each new line is published to {@code
 * phalanx.cases.v1}; a {@link CaseQuery} publishes the whole case to {@code
 * phalanx.case-snapshots.v1}.
 *
 * <p>State: {@code entries}, the lines in order, kept 90 days after the last line. A line whose
 * entry id is already there (a redelivery) is dropped and not published again.
 */
public final class CaseHistoryFn implements StatefulFunction {
    static final ValueSpec<CaseEntry[]> ENTRIES =
            ValueSpec.named("entries")
                    .thatExpireAfterWrite(Duration.ofDays(90))
                    .withCustomType(Types.CASE_ENTRIES_STATE);

    public static StatefulFunctionSpec spec() {
        return StatefulFunctionSpec.builder(Types.CASE_HISTORY)
                .withValueSpecs(ENTRIES)
                .withSupplier(CaseHistoryFn::new)
                .build();
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        String incidentId = context.self().id();
        CaseHistory history =
                CaseHistory.of(incidentId, Types.list(context.storage().get(ENTRIES).orElse(null)));
        if (message.is(Types.CASE_EVENT)) {
            CaseEvent e = message.as(Types.CASE_EVENT);
            Optional<CaseEntry> added =
                    history.append(
                            e.kind(),
                            e.entryId(),
                            e.proposalId(),
                            e.at(),
                            e.summary(),
                            e.details());
            if (added.isPresent()) {
                context.storage().set(ENTRIES, history.entries().toArray(new CaseEntry[0]));
                context.send(
                        KafkaEgressMessage.forEgress(Types.KAFKA_EGRESS)
                                .withTopic(Types.CASES_TOPIC)
                                .withUtf8Key(incidentId)
                                .withValue(Json.write(CaseRecord.of(added.get())))
                                .build());
            }
        } else if (message.is(Types.CASE_QUERY)) {
            CaseQuery q = message.as(Types.CASE_QUERY);
            CaseSnapshot snapshot =
                    new CaseSnapshot(
                            1,
                            incidentId,
                            q.requestId(),
                            history.entries().stream().map(CaseRecord::of).toList());
            context.send(
                    KafkaEgressMessage.forEgress(Types.KAFKA_EGRESS)
                            .withTopic(Types.CASE_SNAPSHOTS_TOPIC)
                            .withUtf8Key(incidentId)
                            .withValue(Json.write(snapshot))
                            .build());
        } else {
            throw new IllegalArgumentException(
                    "case-history: unexpected message " + message.valueTypeName());
        }
        return context.done();
    }
}
