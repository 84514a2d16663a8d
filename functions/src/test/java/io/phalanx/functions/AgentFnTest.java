package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.RemediationPlan;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.ReviewRequest;
import io.phalanx.functions.messages.VoteMessage;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

class AgentFnTest extends FunctionsTestBase {
    private final AgentFn agent = new AgentFn(config(false));

    private VoteMessage review(String agentId, IncidentMessage incident) throws Throwable {
        RemediationPlan plan =
                Playbook.load(Path.of("conf/playbook.yaml"))
                        .planFor(incident.toSummary())
                        .orElseThrow();
        TestContext ctx = TestContext.forTarget(new Address(Types.AGENT, agentId));
        agent.apply(
                        ctx,
                        message(
                                Types.AGENT,
                                agentId,
                                Types.REVIEW,
                                new ReviewRequest(1, incident, plan)))
                .join();
        assertThat(ctx.getSentMessages())
                .singleElement()
                .satisfies(
                        s ->
                                assertThat(s.message().targetAddress())
                                        .isEqualTo(new Address(Types.BALLOT, plan.proposalId())));
        return sent(ctx, Types.BALLOT, Types.VOTE).get(0);
    }

    @Test
    void theNetworkAgentVotesOnThePathEvidence() throws Throwable {
        assertThat(review("network-agent", asymmetricIncident("prod", true)))
                .isEqualTo(
                        new VoteMessage(
                                1,
                                FAILOVER,
                                "network-agent",
                                "APPROVE",
                                1,
                                "paths asymmetric and backup path healthy",
                                T0));
        assertThat(review("network-agent", asymmetricIncident("prod", false)).choice())
                .isEqualTo("REJECT");
    }

    @Test
    void theSloAgentVotesOnTheBurn() throws Throwable {
        assertThat(review("slo-agent", congestionAfterDeploy()).reason())
                .isEqualTo("burning 6.0x the budget (>= 2.0x)");
    }

    @Test
    void theChangeFreezeAgentVetoesInsideTheYearEndFreeze() throws Throwable {
        clock.now = Instant.parse("2026-12-24T09:00:00Z");
        VoteMessage v = review("change-freeze-agent", asymmetricIncident("prod", true));
        assertThat(v.choice()).isEqualTo("VETO");
        assertThat(v.reason())
                .isEqualTo("change freeze 'year-end' in prod until 2027-01-04T00:00:00Z");
        assertThat(review("change-freeze-agent", congestionAfterDeploy()).choice())
                .isEqualTo("APPROVE");
    }

    @Test
    void aReviewForAnAgentWithoutARuleFails() {
        assertThatThrownBy(() -> review("oncall-sre", asymmetricIncident("prod", true)))
                .hasMessage("no rule for agent 'oncall-sre'");
    }
}
