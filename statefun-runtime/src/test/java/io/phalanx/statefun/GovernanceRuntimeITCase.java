package io.phalanx.statefun;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.statefun.flink.harness.Harness;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing end to end: a Kafka 4 broker (child JVM), the functions server (child JVM, its own
 * classpath: the SDK never meets the runtime) and the StateFun 3.3 runtime on Flink 1.16 (this
 * JVM). An incident goes in; the advisor proposes a failover, the agents vote, a human approves
 * through the votes topic, the ballot decides, the executor dry-runs the webhook, and the case
 * history comes out on {@code phalanx.cases.v1} (read_committed). Then replays: the approved plan
 * and the incident are delivered again, a vote arrives late, and the runtime is restarted from a
 * savepoint and gets the plan once more; the queried case still has one proposal, one decision, one
 * action, and the late vote recorded as not counted. Last, the platform's versioned incident
 * updates of another incident: one {@code NO_PLAN} (no service yet), then exactly one proposal
 * however many later versions and redeliveries arrive.
 *
 * <p>Needs {@code functions/target/classes} and {@code functions/target/functions.classpath}
 * ({@code mvn -pl functions,statefun-runtime -am verify} builds them first).
 */
class GovernanceRuntimeITCase {
    private static final String FAILOVER = "inc-42/failover-backup-path";

    @TempDir Path tmp;
    private LocalKafkaBroker broker;
    private Process functions;
    private Thread runtime;

    @AfterEach
    void stop() throws Exception {
        if (StatefunRuntime.jobClient() != null) {
            StatefunRuntime.jobClient().cancel().get(30, TimeUnit.SECONDS);
        }
        if (runtime != null) {
            runtime.join(30_000);
        }
        if (functions != null) {
            functions.destroy();
            functions.waitFor(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void incidentToProposalVotesDecisionDryRunAndCaseHistory() throws Exception {
        Path repo = Path.of(System.getProperty("phalanx.repo.root", ".."));
        long t0 = System.nanoTime();
        broker = LocalKafkaBroker.start(tmp.resolve("kafka"));
        String bootstrap = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t :
                    List.of(
                            "phalanx.incidents.v1",
                            "phalanx.votes.v1",
                            "phalanx.approved-plans.v1",
                            "phalanx.case-queries.v1",
                            "phalanx.cases.v1",
                            "phalanx.case-snapshots.v1")) {
                topics.add(new NewTopic(t, 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        long brokerMs = ms(t0);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        functions = startFunctions(repo, port);
        long functionsMs = ms(t0) - brokerMs;

        Path module =
                StatefunRuntime.renderModule(
                        "http://127.0.0.1:" + port + "/statefun",
                        bootstrap,
                        tmp.resolve("statefun"));
        long submitted = System.nanoTime();
        CompletableFuture<Void> runtimeDone = startRuntime(module, null);

        try (KafkaProducer<String, String> producer = producer(bootstrap);
                KafkaConsumer<String, String> cases = consumer(bootstrap, "phalanx.cases.v1")) {
            // Network agent approves (2), SLO agent rejects a burn of 1.2 (1.5): 57 % < 60 %,
            // so the human's vote decides whatever the arrival order.
            String incident =
                    """
                    {"v":1,"incidentId":"inc-42","ts":"2026-11-26T21:00:00Z","service":"checkout",
                     "environment":"prod","cause":"ASYMMETRIC_ROUTING","criticality":"critical",
                     "evidence":{"asymmetricPaths":true,"backupPathHealthy":true,"burnRate":1.2}}""";
            producer.send(new ProducerRecord<>("phalanx.incidents.v1", "inc-42", incident)).get();
            List<String> seen = new ArrayList<>();
            awaitRecord(cases, seen, v -> v.contains("\"kind\":\"PROPOSED\""), runtimeDone);
            long proposalMs = ms(submitted);
            producer.send(
                            new ProducerRecord<>(
                                    "phalanx.votes.v1",
                                    FAILOVER,
                                    """
                    {"v":1,"proposalId":"inc-42/failover-backup-path","voter":"oncall-sre","choice":"APPROVE",
                     "seq":1,"reason":"backup path checked by hand","ts":"2026-11-26T21:03:00Z"}"""))
                    .get();
            long voteSent = System.nanoTime();
            awaitRecord(cases, seen, v -> v.contains("\"kind\":\"ACTION\""), runtimeDone);
            long voteToActionMs = ms(voteSent);

            String all = String.join("\n", seen);
            assertThat(
                            seen.stream()
                                    .filter(v -> v.contains("\"kind\":\"PROPOSED\""))
                                    .findFirst()
                                    .orElseThrow())
                    .contains("Fail checkout over to the backup path", "\"risk\":\"MEDIUM\"");
            assertThat(seen)
                    .filteredOn(v -> v.contains("\"kind\":\"VOTE\""))
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(all)
                    .contains(
                            "\"voter\":\"network-agent\"",
                            "\"voter\":\"slo-agent\"",
                            "\"voter\":\"change-freeze-agent\"",
                            "\"voter\":\"oncall-sre\"");
            assertThat(all).contains("burning 1.2x the budget (< 2.0x): not worth the risk");
            String decision =
                    seen.stream()
                            .filter(v -> v.contains("\"kind\":\"DECISION\""))
                            .findFirst()
                            .orElseThrow();
            assertThat(decision)
                    .contains("\"decision\":\"APPROVED\"", "\"policyVersion\":\"2026-11-26.1\"");
            String action =
                    seen.stream()
                            .filter(v -> v.contains("\"kind\":\"ACTION\""))
                            .findFirst()
                            .orElseThrow();
            assertThat(action)
                    .contains(
                            "\"status\":\"DRY_RUN\"",
                            "\"mode\":\"DRY_RUN\"",
                            "\"idempotencyKey\":\"inc-42/failover-backup-path#sdn-failover\"",
                            "Idempotency-Key: inc-42/failover-backup-path#sdn-failover");
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).contains("\"seq\":" + (i + 1) + ",");
            }

            // Replays: the approved plan and the incident delivered again, then a late vote.
            String approvedPlan;
            try (KafkaConsumer<String, String> approved =
                    consumer(bootstrap, "phalanx.approved-plans.v1")) {
                List<String> plans = new ArrayList<>();
                awaitRecord(
                        approved,
                        plans,
                        v -> v.contains("\"authorization\":\"APPROVED\""),
                        runtimeDone,
                        FAILOVER);
                approvedPlan = plans.get(0);
            }
            producer.send(new ProducerRecord<>("phalanx.approved-plans.v1", FAILOVER, approvedPlan))
                    .get();
            producer.send(new ProducerRecord<>("phalanx.incidents.v1", "inc-42", incident)).get();
            producer.send(
                            new ProducerRecord<>(
                                    "phalanx.votes.v1",
                                    FAILOVER,
                                    """
                    {"v":1,"proposalId":"inc-42/failover-backup-path","voter":"network-lead","choice":"REJECT",
                     "seq":1,"reason":"too late","ts":"2026-11-26T21:20:00Z"}"""))
                    .get();
            awaitRecord(cases, seen, v -> v.contains("\"voter\":\"network-lead\""), runtimeDone);
            assertThat(seen.stream().filter(v -> v.contains("\"voter\":\"network-lead\"")).toList())
                    .singleElement()
                    .satisfies(
                            v ->
                                    assertThat(v)
                                            .contains(
                                                    "\"status\":\"LATE\"",
                                                    "\"counted\":\"false\""));
            // A restart: savepoint, cancel, run again from the savepoint, replay the plan again.
            JobClient first = StatefunRuntime.jobClient();
            long restartStart = System.nanoTime();
            String savepoint =
                    first.triggerSavepoint(tmp.resolve("savepoints").toUri().toString())
                            .get(120, TimeUnit.SECONDS);
            first.cancel().get(60, TimeUnit.SECONDS);
            runtime.join(60_000);
            runtimeDone = startRuntime(module, savepoint);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (StatefunRuntime.jobClient() == first && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(StatefunRuntime.jobClient()).isNotSameAs(first);
            long restartMs = ms(restartStart);
            producer.send(new ProducerRecord<>("phalanx.approved-plans.v1", FAILOVER, approvedPlan))
                    .get();
            producer.send(new ProducerRecord<>("phalanx.incidents.v1", "inc-42", incident)).get();
            Thread.sleep(3000); // a few checkpoints for anything the replays might have caused

            try (KafkaConsumer<String, String> snapshots =
                    consumer(bootstrap, "phalanx.case-snapshots.v1")) {
                producer.send(
                                new ProducerRecord<>(
                                        "phalanx.case-queries.v1",
                                        "inc-42",
                                        "{\"v\":1,\"incidentId\":\"inc-42\",\"requestId\":\"q-1\"}"))
                        .get();
                List<String> answers = new ArrayList<>();
                awaitRecord(
                        snapshots, answers, v -> v.contains("\"requestId\":\"q-1\""), runtimeDone);
                String snapshot = answers.get(answers.size() - 1);
                // One proposal, one decision, one action: the replays changed nothing but the late
                // vote.
                assertThat(count(snapshot, "\"kind\":\"PROPOSED\"")).isEqualTo(1);
                assertThat(count(snapshot, "\"kind\":\"DECISION\"")).isEqualTo(1);
                assertThat(count(snapshot, "\"kind\":\"ACTION\"")).isEqualTo(1);
                assertThat(count(snapshot, "\"kind\":\"VOTE\"")).isEqualTo(5);
            }
            // The platform's incident updates (the primary contract of phalanx.incidents.v1):
            // version 1 names no service (no plan yet), version 2 opens the one ballot of the
            // incident, version 3 (another top cause) and a redelivered version 2 change nothing.
            String platformId = "INC-4fc09103";
            for (String update : List.of(PLATFORM_V1, PLATFORM_V2, PLATFORM_V3, PLATFORM_V2)) {
                producer.send(new ProducerRecord<>("phalanx.incidents.v1", platformId, update))
                        .get();
            }
            Thread.sleep(3000); // a few checkpoints
            try (KafkaConsumer<String, String> snapshots =
                    consumer(bootstrap, "phalanx.case-snapshots.v1")) {
                String snapshot = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                int q = 0;
                while (System.nanoTime() < until
                        && (snapshot == null || !snapshot.contains("\"kind\":\"PROPOSED\""))) {
                    String requestId = "p-" + (++q);
                    producer.send(
                                    new ProducerRecord<>(
                                            "phalanx.case-queries.v1",
                                            platformId,
                                            "{\"v\":1,\"incidentId\":\""
                                                    + platformId
                                                    + "\",\"requestId\":\""
                                                    + requestId
                                                    + "\"}"))
                            .get();
                    long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    String answer = null;
                    while (answer == null && System.nanoTime() < wait) {
                        for (ConsumerRecord<String, String> r :
                                snapshots.poll(Duration.ofMillis(500))) {
                            if (r.key().equals(platformId)
                                    && r.value().contains("\"requestId\":\"" + requestId + "\"")) {
                                answer = r.value();
                            }
                        }
                    }
                    snapshot = answer;
                }
                assertThat(snapshot).isNotNull();
                assertThat(count(snapshot, "\"kind\":\"NO_PLAN\"")).isEqualTo(1);
                assertThat(count(snapshot, "\"kind\":\"PROPOSED\"")).isEqualTo(1);
                assertThat(snapshot)
                        .contains(
                                "Roll checkout back from v42 to v41",
                                "\"location\":\"service:checkout\"",
                                "\"incidentVersion\":\"2\"");
            }
            System.out.printf(
                    "broker up %d ms, functions server up %d ms, runtime submit -> proposal %d ms, "
                            + "human vote -> dry-run action on the cases topic %d ms, %d case lines, "
                            + "savepoint + restart %d ms%n",
                    brokerMs, functionsMs, proposalMs, voteToActionMs, seen.size(), restartMs);
        }
    }

    private static final String PLATFORM_V1 =
            """
            {"v":1,"id":"INC-4fc09103","version":1,"ts":"2026-11-26T21:00:10Z","incident":{"id":"INC-4fc09103",
             "version":1,"start":1795726800000000000,"end":1795726810000000000,"severity":"major",
             "title":"Queueing delay between hop2 and hop3","diagnosis":{"hypotheses":[{"cause":"CONGESTION",
             "segment":{"from":"hop2","to":"hop3"},"confidence":0.72,"evidence":["segment hop2->hop3: median one-way latency 18.412 ms"]}]},
             "innocent":[],"narrative":"Queueing delay between hop2 and hop3."}}""";
    private static final String PLATFORM_V2 =
            """
            {"v":1,"id":"INC-4fc09103","version":2,"ts":"2026-11-26T21:00:20Z","incident":{"id":"INC-4fc09103",
             "version":2,"start":1795726800000000000,"end":1795726820000000000,"severity":"critical",
             "title":"checkout degraded after deploy v42","diagnosis":{"hypotheses":[{"cause":"DEPLOY_REGRESSION",
             "entity":"service:checkout","confidence":0.86,"evidence":["deploy checkout v42 (from v41) by ci-bot at 2026-11-26T20:59:30Z",
             "congestion on hop2->hop3 began 30 s later"]},{"cause":"CONGESTION","segment":{"from":"hop2","to":"hop3"},
             "confidence":0.72,"evidence":["segment hop2->hop3: median one-way latency 18.412 ms"]}]},
             "innocent":[],"narrative":"checkout was deployed 30 s before queueing began."}}""";
    private static final String PLATFORM_V3 =
            """
            {"v":1,"id":"INC-4fc09103","version":3,"ts":"2026-11-26T21:00:30Z","incident":{"id":"INC-4fc09103",
             "version":3,"start":1795726800000000000,"end":1795726830000000000,"severity":"critical",
             "title":"CPU saturated on db-1","diagnosis":{"hypotheses":[{"cause":"CPU_SATURATION","entity":"host:db-1",
             "confidence":0.93,"evidence":["metric cpu_utilization{service=\\"orders\\",host=\\"db-1\\"} reached 99 %"]}]},
             "innocent":[],"narrative":"..."}}""";

    private CompletableFuture<Void> startRuntime(Path module, String savepoint) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runtime =
                new Thread(
                        () -> {
                            try {
                                Harness h =
                                        StatefunRuntime.harness(
                                                module, "1s", tmp.resolve("statefun"));
                                if (savepoint != null) {
                                    h.withSavepointLocation(savepoint);
                                }
                                h.start();
                                done.complete(null);
                            } catch (Throwable e) {
                                done.completeExceptionally(e);
                            }
                        },
                        "statefun-harness");
        runtime.setDaemon(true);
        runtime.start();
        return done;
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private Process startFunctions(Path repo, int port) throws IOException, InterruptedException {
        Path fnDir = repo.resolve("functions");
        Path cpFile = fnDir.resolve("target/functions.classpath");
        assertThat(cpFile).as("build the functions module first").exists();
        String cp =
                fnDir.resolve("target/classes")
                        + java.io.File.pathSeparator
                        + Files.readString(cpFile).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                                java,
                                "-Xmx256m",
                                "-cp",
                                cp,
                                "io.phalanx.functions.FunctionsServer",
                                "--port",
                                Integer.toString(port),
                                "--policy",
                                fnDir.resolve("conf/trust-policy.json").toString(),
                                "--playbook",
                                fnDir.resolve("conf/playbook.yaml").toString(),
                                "--calendar",
                                fnDir.resolve("conf/change-freeze.yaml").toString())
                        .redirectErrorStream(true);
        pb.environment().remove("PHALANX_LIVE_ACTIONS");
        Process p = pb.start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line)
                .as("functions server's first line")
                .startsWith("functions server listening on http://127.0.0.1:" + port);
        Thread drain =
                new Thread(
                        () -> {
                            try {
                                String l;
                                while ((l = out.readLine()) != null) {
                                    System.err.println("[functions] " + l);
                                }
                            } catch (IOException ignored) {
                                // The process ended.
                            }
                        },
                        "functions-output");
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "it-" + topic + "-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    private static void awaitRecord(
            KafkaConsumer<String, String> consumer,
            List<String> seen,
            Predicate<String> until,
            CompletableFuture<Void> runtimeDone) {
        awaitRecord(consumer, seen, until, runtimeDone, "inc-42");
    }

    private static void awaitRecord(
            KafkaConsumer<String, String> consumer,
            List<String> seen,
            Predicate<String> until,
            CompletableFuture<Void> runtimeDone,
            String key) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (runtimeDone.isCompletedExceptionally()) {
                runtimeDone.join();
            }
            boolean matched = false;
            // Keep the whole batch: the records after the match are part of the case too.
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                assertThat(r.key()).isEqualTo(key);
                seen.add(r.value());
                matched |= until.test(r.value());
            }
            if (matched) {
                return;
            }
        }
        throw new AssertionError("no matching record within 120 s; seen: " + seen);
    }
}
