package io.phalanx.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrustPolicyTest extends GovernanceTestBase {

    @Test
    void loadsEveryFieldOfAValidPolicy() {
        TrustPolicy p = policy();
        assertThat(p.version()).isEqualTo("2026-11-26.1");
        assertThat(p.approvalThresholdMilli()).isEqualTo(600);
        assertThat(p.quorumMilli()).isEqualTo(3000);
        assertThat(p.voters())
                .containsOnlyKeys(
                        "network-agent",
                        "slo-agent",
                        "change-freeze-agent",
                        "oncall-sre",
                        "observer");
        assertThat(p.voter("slo-agent").orElseThrow().weightMilli()).isEqualTo(1500);
        assertThat(p.voter("oncall-sre").orElseThrow().vetoHolder()).isTrue();
        assertThat(p.voter("network-agent").orElseThrow().vetoHolder()).isFalse();
        assertThat(p.voters(TrustPolicy.VoterKind.HUMAN))
                .extracting(TrustPolicy.Voter::id)
                .containsExactly("oncall-sre", "observer");
        assertThat(p.environment("prod")).isEqualTo(new TrustPolicy.EnvironmentPolicy(true, false));
        assertThat(p.environment("lab").governance()).isFalse();
        assertThat(p.ballotTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.actionTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anEnvironmentThePolicyDoesNotNameIsGovernedAndNeverLive() {
        assertThat(policy().environment("staging"))
                .isEqualTo(new TrustPolicy.EnvironmentPolicy(true, false));
    }

    @Test
    void refusesANegativeWeightNamingTheField() {
        String json = resource("trust-policy.json").replace("\"weight\": 1.5", "\"weight\": -1");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("p.json:0: violates trust-policy.schema.json")
                .hasMessageContaining("$.voters[1].weight");
    }

    @Test
    void refusesAThresholdAboveOne() {
        String json = resource("trust-policy.json").replace("0.6", "1.5");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .hasMessageContaining("$.approvalThreshold");
    }

    @Test
    void refusesAMissingVersionAndUnknownFields() {
        String json =
                resource("trust-policy.json")
                        .replace("\"version\": \"2026-11-26.1\",", "\"vesion\": \"x\",");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .hasMessageContaining("version")
                .hasMessageContaining("vesion");
    }

    @Test
    void refusesABadTimeout() {
        String json = resource("trust-policy.json").replace("PT15M", "15 minutes");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .hasMessageContaining("$.timeouts.ballot");
    }

    @Test
    void refusesAnUnknownVoterKind() {
        String json =
                resource("trust-policy.json")
                        .replace(
                                "\"kind\": \"human\", \"weight\": 0",
                                "\"kind\": \"robot\", \"weight\": 0");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .hasMessageContaining("$.voters[4].kind");
    }

    @Test
    void refusesADuplicateVoter() {
        String json =
                resource("trust-policy.json")
                        .replace("\"id\": \"observer\"", "\"id\": \"slo-agent\"");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .hasMessage("p.json:0: $.voters[4].id: voter 'slo-agent' is listed twice");
    }

    @Test
    void refusesAQuorumTheVotersCannotReach() {
        String json = resource("trust-policy.json").replace("\"quorum\": 3", "\"quorum\": 6");
        assertThatThrownBy(() -> TrustPolicy.parse(json, "p.json"))
                .hasMessage("p.json:0: $.quorum: 6 can never be met, the voters weigh 5.5 in all");
    }

    @Test
    void refusesBrokenJsonWithItsLine() {
        assertThatThrownBy(() -> TrustPolicy.parse("{\n\"version\": \n}", "p.json"))
                .isInstanceOf(ConfigFileException.class)
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(3))
                .hasMessageContaining("not valid JSON");
    }
}
