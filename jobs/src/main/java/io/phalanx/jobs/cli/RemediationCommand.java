package io.phalanx.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phalanx remediation}: trust-weighted remediation governance on this machine. Starts the
 * functions server ({@code io.phalanx.functions.FunctionsServer}, statefun-sdk-java 3.3) and the
 * StateFun 3.3 runtime ({@code io.phalanx.statefun.StatefunRuntime}, Flink 1.16.2) as two child
 * JVMs, each on the classpath its module resolved when it was built (the {@code launcher}
 * artifacts: one classpath file each). Neither ever shares a classpath with this JVM, which carries
 * Flink 2.x and kafka-clients 4.x.
 */
@Command(
        name = "remediation",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run remediation governance (Stateful Functions): incidents from Kafka become",
            "proposals, agents and humans vote, approved plans are executed (dry-run unless the",
            "policy or PHALANX_LIVE_ACTIONS=true allows live actions), every step is recorded in",
            "the case history on phalanx.cases.v1.",
            "",
            "Starts the functions server and the StateFun runtime (Flink 1.16) as child JVMs.",
            "Without --bootstrap a real Kafka broker is started on 127.0.0.1 as well (data in",
            "--kafka-dir). Case lines are printed as they are committed. Ctrl-C stops everything."
        },
        footer = {
            "",
            "Examples:",
            "  phalanx remediation",
            "  phalanx remediation --bootstrap kafka:9092 --policy my-policy.json"
        })
public final class RemediationCommand implements Callable<Integer> {
    /** Every topic the governance module reads or writes (statefun-runtime's module.yaml). */
    public static final List<String> TOPICS =
            List.of(
                    "phalanx.incidents.v1",
                    "phalanx.votes.v1",
                    "phalanx.approved-plans.v1",
                    "phalanx.case-queries.v1",
                    "phalanx.cases.v1",
                    "phalanx.case-snapshots.v1");

    static final String CASES = "phalanx.cases.v1";
    private static final String FUNCTIONS_READY = "functions server listening on ";
    private static final String RUNTIME_READY = "StateFun job ";
    private static final Duration FUNCTIONS_START = Duration.ofSeconds(60);
    private static final Duration RUNTIME_START = Duration.ofSeconds(180);

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; without it an embedded broker is started.")
    String bootstrap;

    @Option(
            names = "--policy",
            defaultValue = "functions/conf/trust-policy.json",
            paramLabel = "FILE",
            description =
                    "Trust policy (JSON, checked against its schema) (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Option(
            names = "--playbook",
            defaultValue = "functions/conf/playbook.yaml",
            paramLabel = "FILE",
            description = "Remediation playbook (YAML) (default: ${DEFAULT-VALUE}).")
    Path playbook;

    @Option(
            names = "--calendar",
            defaultValue = "functions/conf/change-freeze.yaml",
            paramLabel = "FILE",
            description = "Change-freeze calendar (YAML) (default: ${DEFAULT-VALUE}).")
    Path calendar;

    @Option(
            names = "--functions-port",
            defaultValue = "8000",
            description =
                    "Port of the functions server on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int functionsPort;

    @Option(
            names = "--kafka-dir",
            defaultValue = "out/kafka",
            paramLabel = "DIR",
            description = "Data directory of the embedded broker (default: ${DEFAULT-VALUE}).")
    Path kafkaDir;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Port of the embedded broker on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--work-dir",
            defaultValue = "out/remediation",
            paramLabel = "DIR",
            description =
                    "Runtime module and checkpoints (statefun/), actions' working directory (actions/) (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            paramLabel = "DURATION",
            description =
                    "Checkpoint interval of the runtime; the exactly-once egress commits on each (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(
            names = {"-q", "--quiet"},
            description = "Do not print case lines.")
    boolean quiet;

    @Spec CommandSpec spec;

    private final CommandLifecycle lifecycle = new CommandLifecycle();
    private final CountDownLatch ready = lifecycle.ready;
    private final CountDownLatch stopRequested = lifecycle.stopRequested;
    private final CountDownLatch finished = lifecycle.finished;
    private final AtomicBoolean stopping = lifecycle.stopping;

    /** Asks a running command to stop its children and return (what Ctrl-C does). */
    public void stop() {
        lifecycle.stop();
    }

    /** Waits until the runtime's job is submitted; false on timeout or when the command ended. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return lifecycle.awaitReady(timeout);
    }

    /** Waits until the command has stopped everything it started. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return lifecycle.awaitFinished(timeout);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path policyFile = existing(policy, "--policy");
        Path playbookFile = existing(playbook, "--playbook");
        Path calendarFile = existing(calendar, "--calendar");
        String functionsCp = launcherClasspath("functions.classpath", "functions");
        String runtimeCp = launcherClasspath("statefun-runtime.classpath", "statefun-runtime");
        Path work = workDir.toAbsolutePath();
        Files.createDirectories(work.resolve("actions"));
        Files.createDirectories(work.resolve("statefun"));

        Thread hook =
                new Thread(
                        () -> {
                            stop();
                            try {
                                finished.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "phalanx remediation shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        LocalKafkaBroker broker = null;
        Child functions = null;
        Child runtime = null;
        Thread printer = null;
        try {
            String servers = bootstrap;
            if (servers == null) {
                err.println("starting an embedded Kafka broker (data in " + kafkaDir + ") ...");
                broker = LocalKafkaBroker.start(kafkaDir, kafkaPort);
                servers = broker.bootstrapServers();
            }
            List<String> created = ensureTopics(servers);
            if (!created.isEmpty()) {
                err.println("created topics " + created);
            }

            err.println("starting the functions server ...");
            List<String> fnCmd = new ArrayList<>(java("-Xmx256m", functionsCp));
            fnCmd.addAll(
                    List.of(
                            "io.phalanx.functions.FunctionsServer",
                            "--port",
                            Integer.toString(functionsPort),
                            "--policy",
                            policyFile.toString(),
                            "--playbook",
                            playbookFile.toString(),
                            "--calendar",
                            calendarFile.toString(),
                            "--work-dir",
                            work.resolve("actions").toString()));
            functions = Child.start("functions", fnCmd, err);
            String functionsLine =
                    functions.awaitLine(FUNCTIONS_READY, FUNCTIONS_START, stopping::get);
            String functionsUrl = functionsLine.substring(FUNCTIONS_READY.length()).split(" ")[0];

            err.println("starting the StateFun runtime (Flink 1.16.2) ...");
            List<String> rtCmd =
                    new ArrayList<>(
                            List.of(
                                    javaBinary(),
                                    "--add-opens",
                                    "java.base/java.lang=ALL-UNNAMED",
                                    "--add-opens",
                                    "java.base/java.util=ALL-UNNAMED",
                                    "--add-opens",
                                    "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                                    "-Xmx768m",
                                    "-cp",
                                    runtimeCp,
                                    "io.phalanx.statefun.StatefunRuntime",
                                    "--functions-url",
                                    functionsUrl,
                                    "--bootstrap",
                                    servers,
                                    "--work-dir",
                                    work.resolve("statefun").toString(),
                                    "--checkpoint-interval",
                                    checkpointInterval));
            // Case lines committed from now on; positions taken before the runtime can write.
            KafkaConsumer<String, String> cases = quiet ? null : casesConsumer(servers);
            runtime = Child.start("statefun", rtCmd, err);
            String runtimeLine = runtime.awaitLine(RUNTIME_READY, RUNTIME_START, stopping::get);
            String jobId = runtimeLine.substring(RUNTIME_READY.length()).split(" ")[0];

            out.println(
                    "Kafka            "
                            + servers
                            + (broker != null
                                    ? " (embedded broker, data in " + kafkaDir + ")"
                                    : ""));
            out.println(
                    "functions server "
                            + functionsUrl
                            + " (pid "
                            + functions.process.pid()
                            + ", "
                            + functionsLine
                                    .substring(functionsLine.indexOf('(') + 1)
                                    .replace(")", "")
                            + ")");
            out.println(
                    "StateFun runtime job "
                            + jobId
                            + " (pid "
                            + runtime.process.pid()
                            + ", Flink 1.16.2, checkpoints every "
                            + checkpointInterval
                            + " in "
                            + work.resolve("statefun")
                            + ")");
            out.println(
                    "in:  phalanx.incidents.v1 (key: incident id), phalanx.votes.v1 (key: proposal id),"
                            + " phalanx.case-queries.v1 (key: incident id)");
            out.println(
                    "out: phalanx.cases.v1, phalanx.case-snapshots.v1, phalanx.approved-plans.v1"
                            + " (exactly-once)");
            out.println("remediation governance running (Ctrl-C stops)");
            out.flush();
            if (cases != null) {
                printer = printCases(cases, out);
            }
            ready.countDown();

            while (!stopRequested.await(500, TimeUnit.MILLISECONDS)) {
                for (Child c : List.of(functions, runtime)) {
                    if (!c.process.isAlive()) {
                        // Ctrl-C reaches the children too: give our own hook a moment to say so.
                        Thread.sleep(1000);
                        if (stopping.get()) {
                            break;
                        }
                        err.println(
                                "phalanx: the "
                                        + c.name
                                        + " JVM exited with code "
                                        + c.process.exitValue()
                                        + "; stopping");
                        return 1;
                    }
                }
            }
            return 0;
        } finally {
            stopping.set(true);
            err.println("stopping ...");
            if (printer != null) {
                printer.join(5_000); // it sees `stopping` within one poll
            }
            if (runtime != null) {
                runtime.stop(Duration.ofSeconds(30));
            }
            if (functions != null) {
                functions.stop(Duration.ofSeconds(10));
            }
            if (broker != null) {
                broker.close();
            }
            err.println("stopped");
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
    }

    private static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    option
                            + ": no such file: "
                            + file
                            + " (the defaults are relative to the repository root)");
        }
        return file.toAbsolutePath();
    }

    /**
     * A child module's runtime classpath, its classes first, as resolved when that module was built
     * (the {@code io/phalanx/launch/*.classpath} resource of its launcher artifact).
     */
    static String launcherClasspath(String resource, String module) {
        try (InputStream in =
                RemediationCommand.class.getResourceAsStream("/io/phalanx/launch/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is missing: build the " + module + " module with Maven");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            for (String entry : cp.split(File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new IllegalStateException(
                            "the "
                                    + module
                                    + " classpath names "
                                    + entry
                                    + ", which is not there: rebuild the "
                                    + module
                                    + " module (mvn -o install -DskipTests -pl "
                                    + module
                                    + " -am)");
                }
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> java(String heap, String classpath) {
        return List.of(javaBinary(), heap, "-cp", classpath);
    }

    /** Creates the governance topics that do not exist yet (broker defaults); returns them. */
    static List<String> ensureTopics(String servers) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            for (String t : TOPICS) {
                if (!existing.contains(t)) {
                    create.add(new NewTopic(t, Optional.empty(), Optional.empty()));
                }
            }
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            }
            return create.stream().map(NewTopic::name).toList();
        }
    }

    private static KafkaConsumer<String, String> casesConsumer(String servers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts =
                c.partitionsFor(CASES).stream()
                        .map(i -> new TopicPartition(CASES, i.partition()))
                        .toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // resolve the end offsets now, not at the first poll
        return c;
    }

    /** Prints each committed case line: {@code case <incident> #<seq> <KIND> <summary>}. */
    private Thread printCases(KafkaConsumer<String, String> consumer, PrintWriter out) {
        ObjectMapper json = new ObjectMapper();
        Thread t =
                new Thread(
                        () -> {
                            try (consumer) {
                                while (!stopping.get()) {
                                    for (ConsumerRecord<String, String> r :
                                            consumer.poll(Duration.ofMillis(500))) {
                                        out.println(caseLine(json, r.value()));
                                    }
                                    out.flush();
                                }
                            } catch (org.apache.kafka.common.errors.InterruptException e) {
                                // stopping
                            } catch (RuntimeException e) {
                                if (!stopping.get()) {
                                    out.println("case printer stopped: " + e.getMessage());
                                }
                            }
                        },
                        "remediation cases");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static String caseLine(ObjectMapper json, String value) {
        try {
            JsonNode n = json.readTree(value);
            return "case "
                    + n.path("incidentId").asText()
                    + " #"
                    + n.path("seq").asText()
                    + " "
                    + n.path("kind").asText()
                    + " "
                    + n.path("summary").asText();
        } catch (IOException e) {
            return "case (not JSON) " + value;
        }
    }

    /** A child JVM whose output is streamed, line by line with a prefix, to stderr. */
    private static final class Child {
        final String name;
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final List<CompletableFuture<String>> waiters = new ArrayList<>();
        private final List<String> awaited = new ArrayList<>();

        private Child(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        static Child start(String name, List<String> command, PrintWriter err) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            Child c = new Child(name, pb.start());
            Thread pump =
                    new Thread(
                            () -> {
                                try (BufferedReader r =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        c.process.getInputStream(),
                                                        StandardCharsets.UTF_8))) {
                                    String l;
                                    while ((l = r.readLine()) != null) {
                                        err.println("[" + name + "] " + l);
                                        err.flush();
                                        c.offer(l);
                                    }
                                } catch (IOException ignored) {
                                    // the process ended
                                }
                            },
                            name + " output");
            pump.setDaemon(true);
            pump.start();
            return c;
        }

        private synchronized void offer(String line) {
            if (lines.size() < 200) {
                lines.add(line);
            }
            for (int i = 0; i < waiters.size(); i++) {
                if (line.startsWith(awaited.get(i))) {
                    waiters.get(i).complete(line);
                }
            }
        }

        /** The first line starting with {@code prefix}; fails if the JVM exits or time runs out. */
        String awaitLine(String prefix, Duration timeout, BooleanSupplier stopped)
                throws Exception {
            CompletableFuture<String> f = new CompletableFuture<>();
            synchronized (this) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                waiters.add(f);
                awaited.add(prefix);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (stopped.getAsBoolean()) {
                    throw new IllegalStateException(
                            "stopped before the " + name + " JVM was ready");
                }
                try {
                    return f.get(200, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    if (!process.isAlive()) {
                        process.waitFor();
                        Thread.sleep(200); // let the pump take the last lines
                        throw new IllegalStateException(
                                "the "
                                        + name
                                        + " JVM exited with code "
                                        + process.exitValue()
                                        + ":\n"
                                        + tail());
                    }
                }
            }
            throw new IllegalStateException(
                    "the " + name + " JVM was not ready within " + timeout.toSeconds() + " s");
        }

        private synchronized String tail() {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }

        /** SIGTERM (the JVM's shutdown hooks run), then a forced kill after {@code grace}. */
        void stop(Duration grace) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
