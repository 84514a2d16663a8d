package io.phalanx.functions.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.phalanx.core.governance.ActionSpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three actions for real: stand-in {@code ansible-playbook} and {@code terraform} scripts that
 * print what they were given, and a webhook receiver on 127.0.0.1.
 */
class ActionsTest {
    @TempDir Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private ActionRunner runner(boolean live, RemediationAction... actions) {
        return new ActionRunner(List.of(actions), live, Clock.systemUTC());
    }

    @Test
    void ansibleGetsThePlaybookTheVarsAndTheIdempotencyKey() throws Exception {
        Path bin = script("ansible-playbook", "echo \"args: $*\"; echo \"cwd: $(pwd)\"");
        ActionSpec spec =
                new ActionSpec(
                        ActionSpec.ActionType.ANSIBLE,
                        "rollback",
                        "playbooks/rollback.yml",
                        Map.of("service", "search"));
        ActionOutcome o =
                runner(true, new AnsibleAction(bin.toString(), dir))
                        .run(spec, "inc-43/rollback-deploy#rollback", true, Duration.ofSeconds(10));
        assertThat(o.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(o.code()).isZero();
        assertThat(o.output())
                .contains(
                        "args: playbooks/rollback.yml -e service=search -e phalanx_idempotency_key=inc-43/rollback-deploy#rollback",
                        "cwd: " + dir.toRealPath());
    }

    @Test
    void terraformGetsTheKeyThroughTheEnvironmentAndAFailureIsRecorded() throws Exception {
        Path bin = script("terraform", "echo \"$* key=$TF_VAR_phalanx_idempotency_key\"; exit 3");
        ActionSpec spec =
                new ActionSpec(
                        ActionSpec.ActionType.TERRAFORM,
                        "scale-out",
                        "terraform/services",
                        Map.of("replicas_delta", "2"));
        ActionOutcome o =
                runner(true, new TerraformAction(bin.toString(), dir))
                        .run(spec, "k-1", true, Duration.ofSeconds(10));
        assertThat(o.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(o.code()).isEqualTo(3);
        assertThat(o.output().trim())
                .isEqualTo(
                        "-chdir=terraform/services apply -auto-approve -input=false -var replicas_delta=2 key=k-1");
    }

    @Test
    void anActionPastItsTimeoutIsKilledAndRecordedAsTimedOut() throws Exception {
        Path bin = script("ansible-playbook", "echo started; sleep 30");
        ActionSpec spec =
                new ActionSpec(ActionSpec.ActionType.ANSIBLE, "slow", "slow.yml", Map.of());
        long t0 = System.nanoTime();
        ActionOutcome o =
                runner(true, new AnsibleAction(bin.toString(), dir))
                        .run(spec, "k", true, Duration.ofMillis(500));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(o.status()).isEqualTo(ActionOutcome.Status.TIMED_OUT);
        assertThat(o.output()).startsWith("started").contains("[killed after PT0.5S]");
        assertThat(ms).isLessThan(10_000); // 30 s if the child were not killed
    }

    @Test
    void aMissingBinaryIsAFailedOutcomeNotAnException() {
        ActionSpec spec = new ActionSpec(ActionSpec.ActionType.ANSIBLE, "x", "x.yml", Map.of());
        ActionOutcome o =
                runner(true, new AnsibleAction(dir.resolve("nope").toString(), dir))
                        .run(spec, "k", true, Duration.ofSeconds(5));
        assertThat(o.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(o.output()).startsWith("cannot start " + dir.resolve("nope"));
    }

    @Test
    void theWebhookSendsTheBodyAndTheIdempotencyKeyAndADryRunSendsNothing() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/sdn",
                ex -> {
                    received.add(
                            ex.getRequestMethod()
                                    + " "
                                    + ex.getRequestHeaders().getFirst("Idempotency-Key")
                                    + " "
                                    + new String(
                                            ex.getRequestBody().readAllBytes(),
                                            StandardCharsets.UTF_8));
                    byte[] reply = "{\"accepted\":true}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(202, reply.length);
                    ex.getResponseBody().write(reply);
                    ex.close();
                });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/sdn/failover";
            ActionSpec spec =
                    new ActionSpec(
                            ActionSpec.ActionType.WEBHOOK,
                            "sdn-failover",
                            url,
                            Map.of("method", "POST", "body", "{\"path\":\"backup\"}"));
            ActionRunner runner = runner(false, new WebhookAction());
            ActionOutcome dry =
                    runner.run(spec, "p#sdn-failover", runner.live(false), Duration.ofSeconds(5));
            assertThat(dry.status()).isEqualTo(ActionOutcome.Status.DRY_RUN);
            assertThat(dry.command())
                    .isEqualTo(
                            "POST "
                                    + url
                                    + " Idempotency-Key: p#sdn-failover {\"path\":\"backup\"}");
            assertThat(received).isEmpty();

            ActionOutcome live =
                    runner.run(spec, "p#sdn-failover", runner.live(true), Duration.ofSeconds(5));
            assertThat(live.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
            assertThat(live.code()).isEqualTo(202);
            assertThat(live.output()).isEqualTo("{\"accepted\":true}");
            assertThat(received).containsExactly("POST p#sdn-failover {\"path\":\"backup\"}");
        } finally {
            server.stop(0);
        }
    }
}
