package io.phalanx.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.events.DeployEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GitHubDeploymentStatusTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String successPayload() throws IOException {
        try (InputStream in =
                GitHubDeploymentStatusTest.class.getResourceAsStream(
                        "/github-deployment-status-success.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSuccessfulDeploymentBecomesADeployOfTheRepository() throws Exception {
        GitHubDeploymentStatus.Outcome o =
                GitHubDeploymentStatus.map(successPayload(), Set.of("production"));

        assertThat(o.ignoredBecause()).isNull();
        assertThat(o.deploy())
                .isEqualTo(
                        new DeployEvent(
                                Instant.parse("2026-03-01T11:59:21Z").toEpochMilli(),
                                "checkout",
                                "v42@a84d88e7554f",
                                null,
                                "github-actions[bot]"));
    }

    @Test
    void theWorkflowCanNameServiceAndPreviousVersionInThePayload() throws Exception {
        ObjectNode n = (ObjectNode) MAPPER.readTree(successPayload());
        ObjectNode d = (ObjectNode) n.get("deployment");
        d.putObject("payload").put("service", "payments").put("previous_version", "v41");
        d.put("ref", "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d");
        ((ObjectNode) n.get("deployment_status")).remove("creator");
        ((ObjectNode) n.get("deployment_status")).remove("updated_at");

        DeployEvent e = GitHubDeploymentStatus.map(n.toString(), Set.of()).deploy();

        assertThat(e.service()).isEqualTo("payments");
        assertThat(e.version()).isEqualTo("a84d88e7554f");
        assertThat(e.previousVersion()).isEqualTo("v41");
        assertThat(e.actor()).isEqualTo("octocat");
        assertThat(e.timestampMillis())
                .isEqualTo(Instant.parse("2026-03-01T11:59:20Z").toEpochMilli());
    }

    @Test
    void otherStatesAndEnvironmentsAreAcknowledgedWithoutADeploy() throws Exception {
        ObjectNode n = (ObjectNode) MAPPER.readTree(successPayload());
        ((ObjectNode) n.get("deployment_status")).put("state", "in_progress");
        GitHubDeploymentStatus.Outcome pending = GitHubDeploymentStatus.map(n.toString(), Set.of());
        assertThat(pending.deploy()).isNull();
        assertThat(pending.ignoredBecause()).contains("'in_progress'");

        GitHubDeploymentStatus.Outcome staging =
                GitHubDeploymentStatus.map(successPayload(), Set.of("staging"));
        assertThat(staging.deploy()).isNull();
        assertThat(staging.ignoredBecause()).contains("'production'").contains("[staging]");
    }

    @Test
    void aBrokenEventIsRefusedWithTheFieldItLacks() throws Exception {
        ObjectNode n = (ObjectNode) MAPPER.readTree(successPayload());
        ((ObjectNode) n.get("deployment")).remove("sha");
        assertThatThrownBy(() -> GitHubDeploymentStatus.map(n.toString(), Set.of()))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("'deployment.sha' is required");

        assertThatThrownBy(
                        () -> GitHubDeploymentStatus.map("{\"zen\":\"Keep it simple\"}", Set.of()))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("not a deployment_status event");
    }
}
