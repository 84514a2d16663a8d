package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.Decision;
import io.phalanx.core.governance.DecisionRecord;
import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.core.governance.TrustWeightedTally;
import io.phalanx.core.governance.VoteChoice;
import io.phalanx.functions.actions.ActionOutcome;
import io.phalanx.functions.messages.BallotTimeout;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.CaseQuery;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.ReviewRequest;
import io.phalanx.functions.messages.VoteMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.types.Type;
import org.junit.jupiter.api.Test;

/** Every message and state type survives its own serializer, and the documented JSON parses. */
class MessagesRoundTripTest extends FunctionsTestBase {

    private static <T> T roundTrip(Type<T> type, T value) {
        Slice bytes = type.typeSerializer().serialize(value);
        return type.typeSerializer().deserialize(bytes);
    }

    private static <T> T parse(Type<T> type, String json) {
        return type.typeSerializer()
                .deserialize(
                        org.apache.flink.statefun.sdk.java.slice.Slices.wrap(
                                json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyTypeRoundTrips() throws Exception {
        IncidentMessage incident = congestionAfterDeploy();
        RemediationPlan plan =
                Playbook.load(Path.of("conf/playbook.yaml"))
                        .planFor(incident.toSummary())
                        .orElseThrow();
        DecisionRecord d =
                new DecisionRecord(
                        plan.proposalId(), Decision.APPROVED, "v7", T0, 3500, 1500, 0, "why");
        assertThat(roundTrip(Types.INCIDENT, incident)).isEqualTo(incident);
        assertThat(roundTrip(Types.PROPOSAL, new ProposalMessage(1, incident, plan)))
                .isEqualTo(new ProposalMessage(1, incident, plan));
        assertThat(roundTrip(Types.REVIEW, new ReviewRequest(1, incident, plan)))
                .isEqualTo(new ReviewRequest(1, incident, plan));
        VoteMessage vote =
                new VoteMessage(1, plan.proposalId(), "oncall-sre", "VETO", 3, "freeze", T0);
        assertThat(roundTrip(Types.VOTE, vote)).isEqualTo(vote);
        ExecuteRequest x = new ExecuteRequest(1, plan, ExecuteRequest.APPROVED, d, "v7");
        assertThat(roundTrip(Types.EXECUTE, x)).isEqualTo(x);
        assertThat(roundTrip(Types.BALLOT_TIMEOUT, new BallotTimeout(1, "p")))
                .isEqualTo(new BallotTimeout(1, "p"));
        CaseEvent e =
                new CaseEvent(
                        1, "inc-43", CaseEntry.Kind.ACTION, "k", "p", T0, "s", Map.of("a", "b"));
        assertThat(roundTrip(Types.CASE_EVENT, e)).isEqualTo(e);
        assertThat(roundTrip(Types.CASE_QUERY, new CaseQuery(1, "inc-43", "q")))
                .isEqualTo(new CaseQuery(1, "inc-43", "q"));

        TrustWeightedTally t = TrustWeightedTally.open(policy(), plan.proposalId(), T0);
        t.cast("network-agent", VoteChoice.APPROVE, 1, T0);
        t.cast("oncall-sre", VoteChoice.APPROVE, 1, T0);
        assertThat(roundTrip(Types.TALLY_STATE, t.snapshot())).isEqualTo(t.snapshot());
        ActionOutcome o =
                new ActionOutcome(
                        "p#a",
                        "a",
                        plan.actions().get(0).type(),
                        ActionOutcome.Status.SUCCEEDED,
                        "ansible-playbook x",
                        0,
                        "ok",
                        T0,
                        12);
        Types.ActionOutcomes outcomes = new Types.ActionOutcomes(Map.of("p#a", o));
        assertThat(roundTrip(Types.OUTCOMES_STATE, outcomes)).isEqualTo(outcomes);
    }

    @Test
    void theDocumentedIncidentAndVoteParse() {
        IncidentMessage i =
                parse(
                        Types.INCIDENT,
                        """
                {"v":1,"incidentId":"inc-42","ts":"2026-11-26T21:00:00Z","service":"checkout",
                 "environment":"prod","cause":"ASYMMETRIC_ROUTING","criticality":"critical",
                 "evidence":{"asymmetricPaths":true,"backupPathHealthy":true,"burnRate":14.4,
                             "deploy":{"version":"v42","previousVersion":"v41"}},"extra":"ignored"}""");
        assertThat(i.toSummary().burnRate()).isEqualTo(14.4);
        assertThat(i.toSummary().previousVersion()).isEqualTo("v41");
        assertThat(i.toSummary().backupPathHealthy()).isTrue();
        VoteMessage v =
                parse(
                        Types.VOTE,
                        """
                {"v":1,"proposalId":"inc-42/failover-backup-path","voter":"oncall-sre","choice":"APPROVE",
                 "seq":1,"reason":"backup path checked","ts":"2026-11-26T21:03:00Z"}""");
        assertThat(v)
                .isEqualTo(
                        new VoteMessage(
                                1,
                                FAILOVER,
                                "oncall-sre",
                                "APPROVE",
                                1,
                                "backup path checked",
                                java.time.Instant.parse("2026-11-26T21:03:00Z")));
    }

    @Test
    void anIncidentWithoutEvidenceHasUnknownBurnAndBrokenOnesNameTheField() {
        IncidentMessage bare =
                parse(
                        Types.INCIDENT,
                        """
                {"v":1,"incidentId":"i","service":"s","environment":"prod","cause":"LOSS","criticality":"low"}""");
        assertThat(bare.toSummary().burnRate()).isNaN();
        assertThat(bare.toSummary().backupPathHealthy()).isNull();
        IncidentMessage noService =
                parse(
                        Types.INCIDENT,
                        """
                {"v":1,"incidentId":"i","environment":"prod","cause":"LOSS","criticality":"low"}""");
        assertThatThrownBy(noService::toSummary).hasMessage("service: required");
        assertThatThrownBy(() -> parse(Types.INCIDENT, "{not json"))
                .hasRootCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class)
                .hasMessageContaining("not a valid IncidentMessage");
    }
}
