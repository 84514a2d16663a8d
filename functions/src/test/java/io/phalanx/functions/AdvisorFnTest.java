package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.ReviewRequest;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.SideEffects;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

class AdvisorFnTest extends FunctionsTestBase {
    private final AdvisorFn advisor = new AdvisorFn(config(false));

    private TestContext deliver(TestContext ctx, IncidentMessage incident) throws Throwable {
        advisor.apply(ctx, message(Types.ADVISOR, incident.incidentId(), Types.INCIDENT, incident))
                .join();
        return ctx;
    }

    @Test
    void aGovernedIncidentOpensABallotAndAsksEveryAgent() throws Throwable {
        TestContext ctx =
                deliver(
                        TestContext.forTarget(new Address(Types.ADVISOR, "inc-42")),
                        asymmetricIncident("prod", true));

        ProposalMessage proposal = sent(ctx, Types.BALLOT, Types.PROPOSAL).get(0);
        assertThat(proposal.plan().proposalId()).isEqualTo(FAILOVER);
        assertThat(proposal.plan().summary()).isEqualTo("Fail checkout over to the backup path");
        assertThat(ctx.getSentMessages())
                .filteredOn(s -> s.message().is(Types.PROPOSAL))
                .extracting(s -> s.message().targetAddress())
                .containsExactly(new Address(Types.BALLOT, FAILOVER));
        assertThat(ctx.getSentMessages())
                .filteredOn(s -> s.message().is(Types.REVIEW))
                .extracting(s -> s.message().targetAddress().id())
                .containsExactly("network-agent", "slo-agent", "change-freeze-agent");
        assertThat(sent(ctx, Types.AGENT, Types.REVIEW))
                .extracting(ReviewRequest::plan)
                .containsOnly(proposal.plan());
        CaseEvent e = caseEvents(ctx).get(0);
        assertThat(e.kind()).isEqualTo(CaseEntry.Kind.PROPOSED);
        assertThat(e.entryId()).isEqualTo(FAILOVER + "/proposed");
        assertThat(e.details())
                .containsEntry("risk", "MEDIUM")
                .containsEntry("policyVersion", "2026-11-26.1")
                .containsEntry("actions", "WEBHOOK:sdn-failover")
                .containsEntry("deadline", "2026-11-26T21:15:00Z");
        assertThat(ctx.getSentEgressMessages()).isEmpty();
        assertThat(ctx.storage().get(AdvisorFn.HANDLED)).contains(FAILOVER);
    }

    @Test
    void aRedeliveredIncidentOpensNoSecondBallot() throws Throwable {
        TestContext ctx =
                deliver(
                        TestContext.forTarget(new Address(Types.ADVISOR, "inc-42")),
                        asymmetricIncident("prod", true));
        int before = ctx.getSentMessages().size();
        deliver(ctx, asymmetricIncident("prod", true));
        assertThat(ctx.getSentMessages()).hasSize(before);
    }

    @Test
    void withGovernanceOffThePlanGoesStraightToTheExecutorAndIsRecorded() throws Throwable {
        TestContext ctx =
                deliver(
                        TestContext.forTarget(new Address(Types.ADVISOR, "inc-42")),
                        asymmetricIncident("lab", true));

        assertThat(sent(ctx, Types.BALLOT, Types.PROPOSAL)).isEmpty();
        KafkaProducerRecord r = egress(ctx).get(0);
        assertThat(r.getTopic()).isEqualTo(Types.APPROVED_PLANS_TOPIC);
        assertThat(r.getKey()).isEqualTo(FAILOVER);
        ExecuteRequest x = json(r, ExecuteRequest.class);
        assertThat(x.authorization()).isEqualTo(ExecuteRequest.GOVERNANCE_OFF);
        assertThat(x.decision()).isNull();
        assertThat(x.plan().environment()).isEqualTo("lab");
        assertThat(caseEvents(ctx))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind()).isEqualTo(CaseEntry.Kind.GOVERNANCE_OFF);
                            assertThat(e.summary()).endsWith("(governance off in lab: no ballot)");
                        });
    }

    @Test
    void anIncidentNoRuleMatchesIsRecordedWithoutPlan() throws Throwable {
        IncidentMessage i =
                new IncidentMessage(1, "inc-7", T0, "wiki", "prod", "LOSS", "standard", null);
        TestContext ctx = deliver(TestContext.forTarget(new Address(Types.ADVISOR, "inc-7")), i);
        assertThat(caseEvents(ctx))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind()).isEqualTo(CaseEntry.Kind.NO_PLAN);
                            assertThat(e.summary())
                                    .isEqualTo("no playbook rule for LOSS on a standard service");
                        });
        assertThat(ctx.getSentMessages())
                .extracting(SideEffects.SendSideEffect::message)
                .allMatch(m -> m.is(Types.CASE_EVENT));
    }

    @Test
    void anIncidentBreakingTheContractIsRefused() throws Throwable {
        IncidentMessage i =
                new IncidentMessage(1, "inc-8", T0, "wiki", "prod", "GREMLINS", "critical", null);
        TestContext ctx = deliver(TestContext.forTarget(new Address(Types.ADVISOR, "inc-8")), i);
        assertThat(caseEvents(ctx))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind()).isEqualTo(CaseEntry.Kind.REFUSED);
                            assertThat(e.summary())
                                    .isEqualTo("incident refused: cause: unknown cause 'GREMLINS'");
                        });
    }

    @Test
    void anIncidentThatIsNotJsonIsRefused() throws Throwable {
        org.apache.flink.statefun.sdk.java.types.Type<byte[]> raw =
                org.apache.flink.statefun.sdk.java.types.SimpleType.simpleImmutableTypeFrom(
                        Types.INCIDENT.typeName(), b -> b, b -> b);
        TestContext ctx = TestContext.forTarget(new Address(Types.ADVISOR, "inc-9"));
        advisor.apply(ctx, message(Types.ADVISOR, "inc-9", raw, "{oops".getBytes())).join();
        assertThat(caseEvents(ctx))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.summary())
                                        .startsWith(
                                                "incident refused: not a valid IncidentMessage"));
        assertThat(ctx.storage().get(AdvisorFn.HANDLED)).contains("");
    }
}
