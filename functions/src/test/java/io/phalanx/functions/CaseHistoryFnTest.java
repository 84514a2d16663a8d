package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.CaseQuery;
import io.phalanx.functions.messages.CaseRecord;
import io.phalanx.functions.messages.CaseSnapshot;
import java.util.Map;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

class CaseHistoryFnTest extends FunctionsTestBase {
    private final CaseHistoryFn fn = new CaseHistoryFn();
    private final TestContext ctx =
            TestContext.forTarget(new Address(Types.CASE_HISTORY, "inc-42"));

    private void event(CaseEntry.Kind kind, String entryId, String summary) throws Throwable {
        CaseEvent e =
                new CaseEvent(1, "inc-42", kind, entryId, FAILOVER, T0, summary, Map.of("k", "v"));
        fn.apply(ctx, message(Types.CASE_HISTORY, "inc-42", Types.CASE_EVENT, e)).join();
    }

    @Test
    void eachNewLineIsKeptAndPublishedOnceAndAQueryPublishesTheWholeCase() throws Throwable {
        event(CaseEntry.Kind.PROPOSED, FAILOVER + "/proposed", "Fail over");
        event(CaseEntry.Kind.VOTE, FAILOVER + "/vote/network-agent/1", "network-agent APPROVE");
        event(
                CaseEntry.Kind.VOTE,
                FAILOVER + "/vote/network-agent/1",
                "network-agent APPROVE"); // redelivered

        assertThat(egress(ctx))
                .hasSize(2)
                .allSatisfy(
                        r -> {
                            assertThat(r.getTopic()).isEqualTo(Types.CASES_TOPIC);
                            assertThat(r.getKey()).isEqualTo("inc-42");
                        });
        CaseRecord second = json(egress(ctx).get(1), CaseRecord.class);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.kind()).isEqualTo(CaseEntry.Kind.VOTE);
        assertThat(second.details()).containsEntry("k", "v");

        fn.apply(
                        ctx,
                        message(
                                Types.CASE_HISTORY,
                                "inc-42",
                                Types.CASE_QUERY,
                                new CaseQuery(1, "inc-42", "q-1")))
                .join();
        KafkaProducerRecord r = egress(ctx).get(2);
        assertThat(r.getTopic()).isEqualTo(Types.CASE_SNAPSHOTS_TOPIC);
        CaseSnapshot s = json(r, CaseSnapshot.class);
        assertThat(s.requestId()).isEqualTo("q-1");
        assertThat(s.entries())
                .extracting(CaseRecord::summary)
                .containsExactly("Fail over", "network-agent APPROVE");
        assertThat(ctx.storage().get(CaseHistoryFn.ENTRIES).orElseThrow()).hasSize(2);
    }

    @Test
    void unknownMessagesThrow() {
        assertThatThrownBy(
                        () ->
                                fn.apply(
                                        ctx,
                                        message(
                                                Types.CASE_HISTORY,
                                                "inc-42",
                                                Types.BALLOT_TIMEOUT,
                                                new io.phalanx.functions.messages.BallotTimeout(
                                                        1, "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("case-history: unexpected message")
                .hasMessageContaining("BallotTimeout");
    }
}
