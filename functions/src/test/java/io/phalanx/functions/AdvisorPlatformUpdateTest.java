package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.ReviewRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;
import org.junit.jupiter.api.Test;

/**
 * The advisor on the platform's incident updates ({@code {"v":1,"id","version","ts",
 * "incident":{...}}}, the shape the Flink platform job publishes on {@code phalanx.incidents.v1}):
 * three versions of one incident, as {@code src/test/resources/incident-updates/}.
 */
class AdvisorPlatformUpdateTest extends FunctionsTestBase {
    private static final String ID = "INC-4fc09103";
    private static final String ROLLBACK = ID + "/rollback-deploy";
    private static final Type<byte[]> RAW =
            SimpleType.simpleImmutableTypeFrom(Types.INCIDENT.typeName(), b -> b, b -> b);

    private final AdvisorFn advisor = new AdvisorFn(config(false));
    private final TestContext ctx = TestContext.forTarget(new Address(Types.ADVISOR, ID));

    private void deliver(byte[] record) {
        advisor.apply(ctx, message(Types.ADVISOR, ID, RAW, record)).join();
    }

    private static byte[] update(String name) throws IOException {
        try (InputStream in =
                AdvisorPlatformUpdateTest.class.getResourceAsStream("/incident-updates/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anUpdateNamingNoServiceWaitsForALaterVersion() throws Exception {
        deliver(update("v1-congestion.json"));

        CaseEvent e = caseEvents(ctx).get(0);
        assertThat(e.kind()).isEqualTo(CaseEntry.Kind.NO_PLAN);
        assertThat(e.entryId()).isEqualTo(ID + "/no-plan");
        assertThat(e.summary())
                .startsWith("no plan for version 1: service: the incident names none");
        assertThat(e.details())
                .containsEntry("location", "hop2->hop3")
                .containsEntry("version", "1");
        assertThat(sent(ctx, Types.BALLOT, Types.PROPOSAL)).isEmpty();
        assertThat(ctx.storage().get(AdvisorFn.HANDLED)).isEmpty();
        assertThat(ctx.storage().get(AdvisorFn.SEEN_VERSION)).contains(1);
    }

    @Test
    void theFirstRemediableVersionOpensTheOneBallotOfTheIncident() throws Exception {
        deliver(update("v1-congestion.json"));
        deliver(update("v2-deploy-regression.json"));

        ProposalMessage proposal = sent(ctx, Types.BALLOT, Types.PROPOSAL).get(0);
        assertThat(proposal.plan().proposalId()).isEqualTo(ROLLBACK);
        assertThat(proposal.plan().summary()).isEqualTo("Roll checkout back from v42 to v41");
        assertThat(proposal.plan().environment()).isEqualTo("prod");
        assertThat(proposal.incident().incidentId()).isEqualTo(ID);
        assertThat(proposal.incident().cause()).isEqualTo("DEPLOY_REGRESSION");
        assertThat(proposal.incident().criticality()).isEqualTo("critical"); // priority P1
        assertThat(proposal.incident().evidence().deploy().previousVersion()).isEqualTo("v41");
        assertThat(sent(ctx, Types.AGENT, Types.REVIEW))
                .extracting(ReviewRequest::plan)
                .containsOnly(proposal.plan());
        CaseEvent proposed =
                caseEvents(ctx).stream()
                        .filter(c -> c.kind() == CaseEntry.Kind.PROPOSED)
                        .findFirst()
                        .orElseThrow();
        assertThat(proposed.details())
                .containsEntry("rule", "rollback-deploy")
                .containsEntry("incidentVersion", "2")
                .containsEntry("cause", "DEPLOY_REGRESSION")
                .containsEntry("location", "service:checkout")
                .containsEntry("service", "checkout")
                .containsEntry("criticality", "critical");
        assertThat(ctx.storage().get(AdvisorFn.HANDLED)).contains(ROLLBACK);

        // Later versions (even with another top cause) and redeliveries: no second proposal.
        int before = ctx.getSentMessages().size();
        deliver(update("v3-cpu-saturation.json"));
        deliver(update("v2-deploy-regression.json"));
        deliver(update("v1-congestion.json"));
        assertThat(ctx.getSentMessages()).hasSize(before);
        assertThat(ctx.getSentEgressMessages()).isEmpty();
    }

    @Test
    void anOlderOrRepeatedVersionIsIgnored() throws Exception {
        deliver(update("v1-congestion.json"));
        deliver(update("v1-congestion.json"));
        assertThat(ctx.getSentMessages()).hasSize(1);
    }

    @Test
    void aResolveEventChangesNothing() {
        deliver(
                "{\"v\":1,\"id\":\"INC-4fc09103\",\"version\":4,\"resolved\":true}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(ctx.getSentMessages()).isEmpty();
        assertThat(ctx.storage().get(AdvisorFn.HANDLED)).isEmpty();
    }

    @Test
    void anUpdateWithoutIdIsRefused() {
        deliver("{\"v\":1,\"version\":1,\"incident\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThat(caseEvents(ctx))
                .singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(CaseEntry.Kind.REFUSED));
        assertThat(ctx.storage().get(AdvisorFn.HANDLED)).contains("");
    }
}
