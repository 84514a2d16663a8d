package io.phalanx.core.governance;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.diagnosis.Cause;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Named instants, the test policy and intent-revealing incident factories. */
abstract class GovernanceTestBase {
    static final Instant OPENED = Instant.parse("2026-11-26T21:00:00Z");

    static Instant minutesLater(double minutes) {
        return OPENED.plus(Duration.ofMillis((long) (minutes * 60_000)));
    }

    static String resource(String name) {
        try (InputStream in = GovernanceTestBase.class.getResourceAsStream("/governance/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * network-agent 2, slo-agent 1.5, change-freeze-agent 0 (veto), oncall-sre 2 (veto), observer
     * 0; threshold 60 %, quorum 3.
     */
    static TrustPolicy policy() {
        try {
            return TrustPolicy.parse(resource("trust-policy.json"), "trust-policy.json");
        } catch (ConfigFileException e) {
            throw new AssertionError(e);
        }
    }

    static IncidentSummary asymmetricOnCriticalCheckout(Boolean backupHealthy) {
        return new IncidentSummary(
                "inc-42",
                OPENED,
                "checkout",
                "prod",
                Cause.ASYMMETRIC_ROUTING,
                "critical",
                true,
                backupHealthy,
                14.4,
                null,
                null);
    }

    static IncidentSummary congestionAfterDeploy() {
        return new IncidentSummary(
                "inc-43",
                OPENED,
                "search",
                "prod",
                Cause.CONGESTION,
                "high",
                false,
                null,
                6.0,
                "v42",
                "v41");
    }

    static IncidentSummary congestionWithoutDeploy() {
        return new IncidentSummary(
                "inc-44",
                OPENED,
                "search",
                "prod",
                Cause.CONGESTION,
                "high",
                false,
                null,
                6.0,
                null,
                null);
    }
}
