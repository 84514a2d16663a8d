package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.jobs.platform.KafkaTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code phalanx remediation} in-process against the shared test broker: the command starts the
 * functions server and the StateFun runtime as child JVMs; an incident and a human vote go in, and
 * the proposal, the votes, the decision and the dry-run action come out on {@code phalanx.cases.v1}
 * and on the command's own output. Then the command is stopped and both children are gone.
 */
class RemediationCommandITCase {
    @TempDir Path tmp;

    @Test
    void incidentInProposalDecisionAndCaseHistoryOut() throws Exception {
        String bootstrap = KafkaTestSupport.bootstrap();
        Path repo = Path.of(System.getProperty("phalanx.repo.root", "..")).toAbsolutePath();
        Path conf = repo.resolve("functions/conf");
        // Topics are shared with earlier runs on the same broker: a fresh incident id per run.
        String incidentId = "inc-rc-" + System.currentTimeMillis();
        String proposalId = incidentId + "/failover-backup-path";

        CommandLine cl = PhalanxCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        RemediationCommand cmd =
                (RemediationCommand) cl.getSubcommands().get("remediation").getCommand();
        String functionsPort = Integer.toString(freePort());
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                cl.execute(
                                        "remediation",
                                        "--bootstrap",
                                        bootstrap,
                                        "--policy",
                                        conf.resolve("trust-policy.json").toString(),
                                        "--playbook",
                                        conf.resolve("playbook.yaml").toString(),
                                        "--calendar",
                                        conf.resolve("change-freeze.yaml").toString(),
                                        "--functions-port",
                                        functionsPort,
                                        "--work-dir",
                                        tmp.resolve("work").toString(),
                                        "--checkpoint-interval",
                                        "1s"));
        try {
            assertThat(cmd.awaitReady(Duration.ofSeconds(240)))
                    .as("ready; stderr:\n%s", err)
                    .isTrue();
            assertThat(out.toString())
                    .contains(
                            "Kafka            " + bootstrap,
                            "functions server http://127.0.0.1:",
                            "policy 2026-11-26.1",
                            "StateFun runtime job ",
                            "remediation governance running (Ctrl-C stops)");
            long functionsPid = pid(out.toString(), "functions server ");
            long runtimePid = pid(out.toString(), "StateFun runtime job ");

            try (KafkaConsumer<String, String> cases = consumer(bootstrap)) {
                KafkaTestSupport.send(
                        "phalanx.incidents.v1",
                        incidentId,
                        """
                        {"v":1,"incidentId":"%s","ts":"2026-11-26T21:00:00Z","service":"checkout",
                         "environment":"prod","cause":"ASYMMETRIC_ROUTING","criticality":"critical",
                         "evidence":{"asymmetricPaths":true,"backupPathHealthy":true,"burnRate":1.2}}"""
                                .formatted(incidentId));
                List<String> seen = new ArrayList<>();
                await(cases, incidentId, seen, v -> v.contains("\"kind\":\"PROPOSED\""));
                assertThat(seen.get(0))
                        .contains(
                                "\"seq\":1,",
                                "\"kind\":\"PROPOSED\"",
                                "Fail checkout over to the backup path",
                                "\"risk\":\"MEDIUM\"");

                // Network agent approves (2), SLO agent rejects (1.5): the human's vote decides.
                KafkaTestSupport.send(
                        "phalanx.votes.v1",
                        proposalId,
                        """
                        {"v":1,"proposalId":"%s","voter":"oncall-sre","choice":"APPROVE",
                         "seq":1,"reason":"backup path checked by hand","ts":"2026-11-26T21:03:00Z"}"""
                                .formatted(proposalId));
                await(cases, incidentId, seen, v -> v.contains("\"kind\":\"ACTION\""));

                String all = String.join("\n", seen);
                assertThat(all)
                        .contains(
                                "\"voter\":\"network-agent\"",
                                "\"voter\":\"slo-agent\"",
                                "\"voter\":\"oncall-sre\"");
                assertThat(seen)
                        .filteredOn(v -> v.contains("\"kind\":\"DECISION\""))
                        .singleElement()
                        .satisfies(
                                d ->
                                        assertThat(d)
                                                .contains(
                                                        "\"decision\":\"APPROVED\"",
                                                        "\"policyVersion\":\"2026-11-26.1\""));
                assertThat(seen)
                        .filteredOn(v -> v.contains("\"kind\":\"ACTION\""))
                        .singleElement()
                        .satisfies(
                                a ->
                                        assertThat(a)
                                                .contains(
                                                        "\"mode\":\"DRY_RUN\"",
                                                        "\"idempotencyKey\":\""
                                                                + proposalId
                                                                + "#sdn-failover\""));
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).contains("\"seq\":" + (i + 1) + ",");
                }
            }

            // The command printed the same case lines as they were committed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!out.toString().contains("case " + incidentId + " #")
                    || !out.toString().contains(" ACTION ")) {
                assertThat(System.nanoTime()).as("case lines on the output").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(out.toString())
                    .contains(
                            "case "
                                    + incidentId
                                    + " #1 PROPOSED Fail checkout over to the backup path",
                            " DECISION APPROVED",
                            " ACTION sdn-failover: DRY_RUN");

            cmd.stop();
            assertThat(exit.get(90, TimeUnit.SECONDS)).as("exit code; stderr:\n%s", err).isZero();
            assertThat(ProcessHandle.of(functionsPid).filter(ProcessHandle::isAlive))
                    .as("functionsPid")
                    .isEmpty();
            assertThat(ProcessHandle.of(runtimePid).filter(ProcessHandle::isAlive))
                    .as("runtimePid")
                    .isEmpty();
            assertThat(err.toString()).contains("stopping ...", "stopped");
        } finally {
            cmd.stop();
            cmd.awaitFinished(Duration.ofSeconds(90));
        }
    }

    @Test
    void refusesAMissingPolicyBeforeStartingAnything() {
        CommandLine cl = PhalanxCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int exit =
                cl.execute(
                        "remediation",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--policy",
                        tmp.resolve("nope.json").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--policy: no such file: " + tmp.resolve("nope.json"));
    }

    @Test
    void launcherClasspathsNameTheirModulesAndNoFlink2() {
        String functions = RemediationCommand.launcherClasspath("functions.classpath", "functions");
        String runtime =
                RemediationCommand.launcherClasspath(
                        "statefun-runtime.classpath", "statefun-runtime");
        assertThat(functions.split(":")[0]).endsWith("functions/target/classes");
        assertThat(functions).contains("statefun-sdk-java-3.3.0.jar").doesNotContain("flink-core");
        assertThat(runtime.split(":")[0]).endsWith("statefun-runtime/target/classes");
        assertThat(runtime)
                .contains("statefun-flink-harness-3.3.0.jar", "flink-core-1.16.2.jar")
                .contains("kafka-clients-3.2.3.jar")
                .doesNotContain("flink-core-2.", "statefun-sdk-java");
    }

    private static long pid(String out, String linePrefix) {
        String line = out.lines().filter(l -> l.startsWith(linePrefix)).findFirst().orElseThrow();
        int i = line.indexOf("(pid ") + 5;
        return Long.parseLong(line.substring(i, line.indexOf(',', i)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-remediation-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(RemediationCommand.CASES));
        return c;
    }

    /** Collects this incident's case lines until one matches (other runs' lines are skipped). */
    private static void await(
            KafkaConsumer<String, String> consumer,
            String incidentId,
            List<String> seen,
            Predicate<String> until) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            boolean matched = false;
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (incidentId.equals(r.key())) {
                    seen.add(r.value());
                    matched |= until.test(r.value());
                }
            }
            if (matched) {
                return;
            }
        }
        throw new AssertionError("no matching case line within 120 s; seen: " + seen);
    }
}
