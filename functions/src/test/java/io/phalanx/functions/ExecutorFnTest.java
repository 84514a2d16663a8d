package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.Decision;
import io.phalanx.core.governance.DecisionRecord;
import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.functions.actions.ActionOutcome;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.IncidentMessage;
import java.nio.file.Path;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

class ExecutorFnTest extends FunctionsTestBase {

    private static RemediationPlan plan(IncidentMessage incident) throws Exception {
        return Playbook.load(Path.of("conf/playbook.yaml"))
                .planFor(incident.toSummary())
                .orElseThrow();
    }

    private static ExecuteRequest approved(RemediationPlan plan) {
        DecisionRecord d =
                new DecisionRecord(
                        plan.proposalId(),
                        Decision.APPROVED,
                        "2026-11-26.1",
                        T0,
                        3500,
                        0,
                        0,
                        "test");
        return new ExecuteRequest(1, plan, ExecuteRequest.APPROVED, d, "2026-11-26.1");
    }

    private static TestContext run(ExecutorFn executor, TestContext ctx, ExecuteRequest request)
            throws Throwable {
        executor.apply(ctx, message(Types.EXECUTOR, ctx.self().id(), Types.EXECUTE, request))
                .join();
        return ctx;
    }

    @Test
    void anApprovedPlanRunsDryByDefaultAndRecordsTheCommand() throws Throwable {
        RemediationPlan plan = plan(asymmetricIncident("prod", true));
        TestContext ctx =
                run(
                        new ExecutorFn(config(false)),
                        TestContext.forTarget(new Address(Types.EXECUTOR, FAILOVER)),
                        approved(plan));

        assertThat(webhook.runs).isEmpty();
        CaseEvent e = caseEvents(ctx).get(0);
        assertThat(e.kind()).isEqualTo(CaseEntry.Kind.ACTION);
        assertThat(e.entryId()).isEqualTo(FAILOVER + "#sdn-failover");
        assertThat(e.summary()).isEqualTo("sdn-failover: DRY_RUN");
        assertThat(e.details())
                .containsEntry("mode", "DRY_RUN")
                .containsEntry("idempotencyKey", FAILOVER + "#sdn-failover")
                .containsEntry(
                        "command",
                        "WEBHOOK http://127.0.0.1:8181/sdn/v1/services/checkout/path key="
                                + FAILOVER
                                + "#sdn-failover");
        ActionOutcome o =
                ctx.storage()
                        .get(ExecutorFn.OUTCOMES)
                        .orElseThrow()
                        .byKey()
                        .get(FAILOVER + "#sdn-failover");
        assertThat(o.status()).isEqualTo(ActionOutcome.Status.DRY_RUN);
    }

    @Test
    void liveActionsRunOnceUnderTheirIdempotencyKeyEvenWhenRedelivered() throws Throwable {
        RemediationPlan plan = plan(asymmetricIncident("prod", true));
        ExecutorFn executor = new ExecutorFn(config(true));
        TestContext ctx =
                run(
                        executor,
                        TestContext.forTarget(new Address(Types.EXECUTOR, FAILOVER)),
                        approved(plan));
        run(executor, ctx, approved(plan));
        assertThat(webhook.runs).containsExactly(FAILOVER + "#sdn-failover");
        assertThat(caseEvents(ctx))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.details())
                                        .containsEntry("status", "SUCCEEDED")
                                        .containsEntry("mode", "LIVE"));
    }

    @Test
    void aRequestWithoutAnApprovedDecisionIsRefused() throws Throwable {
        RemediationPlan plan = plan(asymmetricIncident("prod", true));
        ExecutorFn executor = new ExecutorFn(config(true));
        DecisionRecord vetoed =
                new DecisionRecord(FAILOVER, Decision.VETOED, "2026-11-26.1", T0, 0, 2000, 0, "x");
        TestContext ctx = TestContext.forTarget(new Address(Types.EXECUTOR, FAILOVER));
        run(
                executor,
                ctx,
                new ExecuteRequest(1, plan, ExecuteRequest.APPROVED, vetoed, "2026-11-26.1"));
        run(
                executor,
                ctx,
                new ExecuteRequest(1, plan, ExecuteRequest.APPROVED, null, "2026-11-26.1"));
        run(
                executor,
                ctx,
                new ExecuteRequest(1, plan, ExecuteRequest.GOVERNANCE_OFF, null, "2026-11-26.1"));
        assertThat(webhook.runs).isEmpty();
        assertThat(caseEvents(ctx))
                .extracting(CaseEvent::summary)
                .containsExactly(
                        "execution refused: no APPROVED decision for " + FAILOVER,
                        "execution refused: no APPROVED decision for " + FAILOVER,
                        "execution refused: governance is on in prod under policy 2026-11-26.1");
    }

    @Test
    void anApprovalForAnotherProposalIsRefused() throws Throwable {
        RemediationPlan plan = plan(asymmetricIncident("prod", true));
        TestContext ctx =
                run(
                        new ExecutorFn(config(true)),
                        TestContext.forTarget(
                                new Address(Types.EXECUTOR, "inc-99/failover-backup-path")),
                        approved(plan));
        assertThat(webhook.runs).isEmpty();
        assertThat(caseEvents(ctx).get(0).kind()).isEqualTo(CaseEntry.Kind.REFUSED);
    }

    @Test
    void withGovernanceOffInTheEnvironmentThePlanRuns() throws Throwable {
        RemediationPlan plan = plan(asymmetricIncident("lab", true));
        run(
                new ExecutorFn(config(true)),
                TestContext.forTarget(new Address(Types.EXECUTOR, FAILOVER)),
                new ExecuteRequest(1, plan, ExecuteRequest.GOVERNANCE_OFF, null, "2026-11-26.1"));
        assertThat(webhook.runs).containsExactly(FAILOVER + "#sdn-failover");
    }
}
