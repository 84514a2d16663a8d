package io.phalanx.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentRulesTest extends GovernanceTestBase {

    private static RemediationPlan plan(IncidentSummary incident) {
        try {
            return Playbook.parse(resource("playbook.yaml"), "pb").planFor(incident).orElseThrow();
        } catch (ConfigFileException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void networkAgentApprovesAFailoverOnlyOntoAHealthyBackupPath() {
        NetworkAgentRule net = new NetworkAgentRule("network-agent");
        IncidentSummary healthy = asymmetricOnCriticalCheckout(true);
        assertThat(net.review(healthy, plan(healthy), OPENED))
                .isEqualTo(
                        new AgentVerdict(
                                "network-agent",
                                VoteChoice.APPROVE,
                                "paths asymmetric and backup path healthy"));
        IncidentSummary sick = asymmetricOnCriticalCheckout(false);
        assertThat(net.review(sick, plan(sick), OPENED).choice()).isEqualTo(VoteChoice.REJECT);
        IncidentSummary unmeasured = asymmetricOnCriticalCheckout(null);
        assertThat(net.review(unmeasured, plan(unmeasured), OPENED).reason())
                .isEqualTo("backup path not measured: failing over blind");
        IncidentSummary deploy = congestionAfterDeploy();
        assertThat(net.review(deploy, plan(deploy), OPENED).choice()).isEqualTo(VoteChoice.ABSTAIN);
    }

    @Test
    void sloAgentApprovesOnlyWhileTheBudgetBurns() {
        SloAgentRule slo = new SloAgentRule("slo-agent", 2.0);
        IncidentSummary burning = asymmetricOnCriticalCheckout(true); // 14.4x
        assertThat(slo.review(burning, plan(burning), OPENED))
                .isEqualTo(
                        new AgentVerdict(
                                "slo-agent",
                                VoteChoice.APPROVE,
                                "burning 14.4x the budget (>= 2.0x)"));
        IncidentSummary calm =
                new IncidentSummary(
                        "inc-45",
                        OPENED,
                        "checkout",
                        "prod",
                        burning.cause(),
                        "critical",
                        true,
                        true,
                        1.2,
                        null,
                        null);
        assertThat(slo.review(calm, plan(calm), OPENED).choice()).isEqualTo(VoteChoice.REJECT);
        IncidentSummary unknown =
                new IncidentSummary(
                        "inc-46",
                        OPENED,
                        "checkout",
                        "prod",
                        burning.cause(),
                        "critical",
                        true,
                        true,
                        Double.NaN,
                        null,
                        null);
        assertThat(slo.review(unknown, plan(unknown), OPENED).choice())
                .isEqualTo(VoteChoice.ABSTAIN);
    }

    @Test
    void changeFreezeAgentVetoesInsideAWindowAndLetsRollbacksThroughWhereAllowed()
            throws Exception {
        ChangeFreezeCalendar cal = ChangeFreezeCalendar.parse(resource("change-freeze.yaml"), "cf");
        ChangeFreezeAgentRule freeze = new ChangeFreezeAgentRule("change-freeze-agent", () -> cal);
        Instant inFreeze = Instant.parse("2026-12-24T10:00:00Z");
        IncidentSummary failover = asymmetricOnCriticalCheckout(true);
        assertThat(freeze.review(failover, plan(failover), inFreeze))
                .isEqualTo(
                        new AgentVerdict(
                                "change-freeze-agent",
                                VoteChoice.VETO,
                                "change freeze 'year-end' in prod until 2027-01-04T00:00:00Z"));
        assertThat(freeze.review(failover, plan(failover), OPENED).choice())
                .isEqualTo(VoteChoice.APPROVE);
        assertThat(
                        freeze.review(
                                        failover,
                                        plan(failover),
                                        Instant.parse("2027-01-04T00:00:00Z"))
                                .choice())
                .isEqualTo(VoteChoice.APPROVE); // end is exclusive
        IncidentSummary rollback = congestionAfterDeploy();
        assertThat(freeze.review(rollback, plan(rollback), inFreeze).reason())
                .isEqualTo("freeze 'year-end' allows rollbacks");
    }

    @Test
    void aCalendarWindowThatEndsBeforeItStartsIsRefused() {
        String bad = resource("change-freeze.yaml").replace("2027-01-04", "2026-12-01");
        assertThatThrownBy(() -> ChangeFreezeCalendar.parse(bad, "cf.yaml"))
                .hasMessage("cf.yaml:0: freezes[0].end: must be after start 2026-12-20T00:00:00Z");
    }
}
