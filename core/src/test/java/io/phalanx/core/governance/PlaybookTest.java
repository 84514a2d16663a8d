package io.phalanx.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.diagnosis.Cause;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybookTest extends GovernanceTestBase {

    private static Playbook playbook() throws ConfigFileException {
        return Playbook.parse(resource("playbook.yaml"), "playbook.yaml");
    }

    @Test
    void asymmetricRoutingOnACriticalServiceFailsOverToTheBackupPath() throws Exception {
        RemediationPlan plan = playbook().planFor(asymmetricOnCriticalCheckout(true)).orElseThrow();
        assertThat(plan.proposalId()).isEqualTo("inc-42/failover-backup-path");
        assertThat(plan.category()).isEqualTo(RemediationPlan.Category.FAILOVER);
        assertThat(plan.summary()).isEqualTo("Fail checkout over to the backup path");
        assertThat(plan.expectedEffect())
                .startsWith("both directions of checkout traffic on the backup path");
        assertThat(plan.risk()).isEqualTo(RemediationPlan.Risk.MEDIUM);
        ActionSpec a = plan.actions().get(0);
        assertThat(a.type()).isEqualTo(ActionSpec.ActionType.WEBHOOK);
        assertThat(a.target()).isEqualTo("http://127.0.0.1:8181/sdn/v1/services/checkout/path");
        assertThat(a.params())
                .containsEntry(
                        "body",
                        "{\"service\":\"checkout\",\"path\":\"backup\",\"reason\":\"inc-42\"}");
        assertThat(a.idempotencyKey(plan.proposalId()))
                .isEqualTo("inc-42/failover-backup-path#sdn-failover");
    }

    @Test
    void congestionAfterADeployRollsTheDeployBack() throws Exception {
        RemediationPlan plan = playbook().planFor(congestionAfterDeploy()).orElseThrow();
        assertThat(plan.rule()).isEqualTo("rollback-deploy");
        assertThat(plan.summary()).isEqualTo("Roll search back from v42 to v41");
        assertThat(plan.risk()).isEqualTo(RemediationPlan.Risk.LOW);
        assertThat(plan.actions())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.type()).isEqualTo(ActionSpec.ActionType.ANSIBLE);
                            assertThat(a.target()).isEqualTo("playbooks/rollback.yml");
                            assertThat(a.params())
                                    .isEqualTo(
                                            Map.of(
                                                    "service",
                                                    "search",
                                                    "version",
                                                    "v41",
                                                    "environment",
                                                    "prod"));
                        });
    }

    @Test
    void congestionWithoutADeployScalesOutInstead() throws Exception {
        RemediationPlan plan = playbook().planFor(congestionWithoutDeploy()).orElseThrow();
        assertThat(plan.rule()).isEqualTo("scale-out-congested");
        assertThat(plan.actions().get(0).type()).isEqualTo(ActionSpec.ActionType.TERRAFORM);
    }

    @Test
    void asymmetricRoutingOnAStandardServiceHasNoPlan() throws Exception {
        IncidentSummary i =
                new IncidentSummary(
                        "inc-9",
                        OPENED,
                        "wiki",
                        "prod",
                        Cause.ASYMMETRIC_ROUTING,
                        "standard",
                        true,
                        true,
                        2.0,
                        null,
                        null);
        assertThat(playbook().planFor(i)).isEmpty();
    }

    @Test
    void refusesAnUnknownCauseNamingTheRule() {
        String bad = resource("playbook.yaml").replace("[ASYMMETRIC_ROUTING]", "[ASYMETRIC]");
        assertThatThrownBy(() -> Playbook.parse(bad, "pb.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(
                        "pb.yaml:0: rules[0].when.causes: unknown cause 'ASYMETRIC'");
    }

    @Test
    void refusesAnUnknownPlaceholderAndAMissingRisk() {
        String placeholder = resource("playbook.yaml").replace("${previousVersion}\"", "${prev}\"");
        assertThatThrownBy(() -> Playbook.parse(placeholder, "pb.yaml"))
                .hasMessageContaining(
                        "rules[1].plan.actions[0].params.version: unknown placeholder ${prev}");
        String noRisk = resource("playbook.yaml").replace("risk: low", "");
        assertThatThrownBy(() -> Playbook.parse(noRisk, "pb.yaml"))
                .hasMessage("pb.yaml:0: rules[1].plan.risk: required");
    }

    @Test
    void refusesAWebhookWithoutAnUrl() {
        String bad =
                resource("playbook.yaml")
                        .replace("target: http://127.0.0.1:8181", "target: sdn:8181");
        assertThatThrownBy(() -> Playbook.parse(bad, "pb.yaml"))
                .hasMessageContaining(
                        "rules[0].plan.actions[0].target: a webhook needs an http(s) URL");
    }
}
