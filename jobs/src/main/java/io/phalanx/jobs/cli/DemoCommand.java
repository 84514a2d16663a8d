package io.phalanx.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.battlemap.BattlemapOptions;
import io.phalanx.battlemap.BattlemapServer;
import io.phalanx.connectors.kafka.TopicAdmin;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.stitch.Topology;
import io.phalanx.gateway.GatewayConfig;
import io.phalanx.gateway.IngestGateway;
import io.phalanx.jobs.platform.PlatformOptions;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import io.phalanx.simulation.GeneratedShowcase;
import io.phalanx.simulation.Showcase;
import io.phalanx.simulation.ShowcaseFeeds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phalanx demo}: the whole platform on this machine on a simulator showcase. An embedded
 * Kafka broker, the platform job (embedded Flink, RocksDB), the battlemap in live mode under the
 * DEMO banner, the ingest gateway and, unless {@code --no-remediation}, remediation governance
 * (functions server and StateFun runtime, started by {@link RemediationCommand}); then the showcase
 * is generated and published (topology, side feeds, then the packets) before the platform job
 * starts, which drains what the topics hold (bounded sources, as {@code phalanx run
 * --until-drained}): in unbounded mode the packet watermark does not advance once a showcase's
 * packets are all published, so no view would be issued. Ctrl-C stops everything.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start the whole platform on this machine on a simulator showcase and print the",
            "battlemap's URL: an embedded Kafka broker, the platform job, the battlemap (DEMO",
            "banner, no login), the ingest gateway and remediation governance. The showcase's",
            "feeds and packets are published first; the platform job then analyses them. Ctrl-C",
            "stops everything."
        },
        footer = {"", "Example:", "  phalanx demo --showcase deploy-v42-congestion-checkout"})
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--showcase",
            defaultValue = "deploy-v42-congestion-checkout",
            paramLabel = "NAME",
            description =
                    "Simulator showcase (phalanx simulate --list) (default: ${DEFAULT-VALUE}).")
    String showcase;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description =
                    "Battlemap port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--ingest-port",
            defaultValue = "8088",
            description =
                    "Ingest gateway port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(
            names = "--kafka-port",
            defaultValue = "0",
            description =
                    "Port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--functions-port",
            defaultValue = "0",
            description =
                    "Port of the functions server; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int functionsPort;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Broker data, checkpoints and the generated showcase (default: a fresh temporary"
                            + " directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--no-remediation", description = "Do not start remediation governance.")
    boolean noRemediation;

    private final CommandLifecycle lifecycle = new CommandLifecycle();
    private final CountDownLatch ready = lifecycle.ready;
    private final CountDownLatch stopRequested = lifecycle.stopRequested;
    private final CountDownLatch finished = lifecycle.finished;
    private final AtomicBoolean stopping = lifecycle.stopping;
    private volatile URI battlemapUri;
    private volatile RemediationCommand remediation;

    /** Asks a running demo to stop everything and return (what Ctrl-C does). */
    public void stop() {
        lifecycle.stop();
    }

    /** Waits until the URL is printed; false on timeout or when the command ended. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return lifecycle.awaitReady(timeout);
    }

    /** Waits until everything the demo started is stopped. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return lifecycle.awaitFinished(timeout);
    }

    /** Waits until remediation governance runs; false without it, on timeout or when it ended. */
    public boolean awaitRemediationReady(Duration timeout) throws InterruptedException {
        RemediationCommand r = remediation;
        return r != null && r.awaitReady(timeout);
    }

    /** The battlemap's address, once {@link #awaitReady} returned true. */
    public URI battlemapUri() {
        return battlemapUri;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Showcase sc = Showcase.byId(showcase);
        boolean tempDir = dataDir == null;
        Path data =
                (tempDir ? Files.createTempDirectory("phalanx-demo") : dataDir).toAbsolutePath();
        Thread hook =
                new Thread(
                        () -> {
                            stop();
                            try {
                                finished.await(90, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "phalanx demo shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        LocalKafkaBroker broker = null;
        JobClient job = null;
        BattlemapServer battlemap = null;
        IngestGateway gateway = null;
        Thread remediationThread = null;
        try {
            err.println("phalanx demo: starting an embedded Kafka broker (data in " + data + ")");
            broker = LocalKafkaBroker.start(data.resolve("kafka"), kafkaPort);
            String servers = broker.bootstrapServers();
            TopicAdmin.ensureTopics(servers, "", 4);

            GeneratedShowcase g =
                    GeneratedShowcase.generate(
                            sc, sc.defaultSeed(), data.resolve("showcase"), false);
            List<String> points = List.copyOf(g.pcaps().keySet());
            PlatformOptions d = PlatformOptions.defaults(servers, points);
            PlatformOptions options =
                    new PlatformOptions(
                            servers,
                            points,
                            d.matchWindow(),
                            d.idleTimeout(),
                            d.outOfOrderness(),
                            d.sourceIdleness(),
                            d.reportInterval(),
                            d.maxConversations(),
                            Topology.read(g.dir().resolve(GeneratedShowcase.TOPOLOGY)),
                            null,
                            true,
                            d.groupId(),
                            d.transactionalIdPrefix(),
                            "");
            // The job drains what the topics hold at its start (bounded sources): publish first.
            int feeds = publishFeeds(servers, g.dir());
            err.println("phalanx demo: published " + feeds + " feed records");
            List<CaptureSpec> specs = new ArrayList<>();
            g.pcaps().forEach((id, f) -> specs.add(new CaptureSpec(id, f)));
            RunCommand.publish(servers, Topics.PACKETS, specs, 0, err);
            err.println("phalanx demo: starting the platform job (capture points " + points + ")");
            job =
                    EmbeddedPlatform.start(
                            options,
                            data.resolve("checkpoints"),
                            Duration.ofSeconds(2),
                            1,
                            Map.of(),
                            "phalanx demo");

            BattlemapOptions bo = new BattlemapOptions();
            bo.host = "127.0.0.1";
            bo.port = port;
            bo.kafkaBootstrap = servers;
            bo.demo = true;
            battlemap = new BattlemapServer(bo, BattlemapServer.defaultVoteSink(bo)).start();
            battlemapUri = battlemap.baseUri();

            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            Path tokenFile = data.resolve("ingest-token");
            Files.writeString(tokenFile, token, StandardCharsets.UTF_8);
            gateway =
                    IngestGateway.start(
                            GatewayConfig.defaults(servers).withListen("127.0.0.1", ingestPort),
                            token);

            if (!noRemediation) {
                remediation = new RemediationCommand();
                CommandLine rc = new CommandLine(remediation);
                rc.setOut(new PrintWriter(out, true));
                rc.setErr(new PrintWriter(err, true));
                rc.setExecutionExceptionHandler(
                        (ex, cmd, parsed) -> {
                            if (!stopping.get()) {
                                err.println(
                                        "phalanx demo: remediation: "
                                                + PhalanxCli.deepestMessage(ex));
                            }
                            return 2;
                        });
                String[] args = {
                    "--bootstrap", servers,
                    "--functions-port", Integer.toString(functionsPort),
                    "--policy", repoFile("functions/conf/trust-policy.json"),
                    "--playbook", repoFile("functions/conf/playbook.yaml"),
                    "--calendar", repoFile("functions/conf/change-freeze.yaml"),
                    "--work-dir", data.resolve("remediation").toString(),
                    "--quiet"
                };
                remediationThread = new Thread(() -> rc.execute(args), "demo remediation");
                remediationThread.start();
            }

            out.println();
            out.println("Phalanx demo (" + sc.id() + "): open " + battlemapUri);
            out.println("  battlemap       " + battlemapUri + " (live, DEMO mode, no login)");
            out.println(
                    "  ingest gateway  " + gateway.uri() + " (bearer token in " + tokenFile + ")");
            out.println("  Kafka           " + servers + " (embedded broker, child JVM)");
            out.println(
                    "  platform job    "
                            + job.getJobID()
                            + " (embedded Flink, RocksDB, checkpoints every 2 s)");
            out.println(
                    "  remediation     "
                            + (noRemediation
                                    ? "off (--no-remediation)"
                                    : "functions server + StateFun runtime (starting, child JVMs)"));
            out.println("  showcase files  " + g.dir());
            out.println("Ctrl-C stops everything.");
            out.flush();
            ready.countDown();

            // A local environment shuts its mini cluster down when the job ends: watch the result.
            CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
            boolean analysed = false;
            while (!stopRequested.await(500, TimeUnit.MILLISECONDS)) {
                if (result.isDone() && !analysed) {
                    try {
                        result.get();
                    } catch (ExecutionException e) {
                        err.println(
                                "phalanx demo: the platform job failed: "
                                        + PhalanxCli.deepestMessage(e)
                                        + "; stopping");
                        return 1;
                    }
                    analysed = true;
                    err.println(
                            "phalanx demo: the platform job has analysed the showcase; the"
                                    + " battlemap keeps showing it (Ctrl-C stops)");
                }
            }
            return 0;
        } finally {
            stopping.set(true);
            err.println("phalanx demo: stopping ...");
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // it may have ended already
                }
            }
            if (gateway != null) {
                gateway.close();
            }
            if (battlemap != null) {
                battlemap.close();
            }
            if (remediation != null) {
                remediation.stop();
                remediationThread.join(60_000);
            }
            if (broker != null) {
                broker.close();
            }
            if (tempDir) {
                deleteTree(data);
            }
            err.println("phalanx demo: stopped");
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
    }

    /**
     * The showcase's feeds as EventJson lines (and the topology document), keyed per
     * docs/TOPICS.md.
     */
    static int publishFeeds(String servers, Path dir) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            Path topology = dir.resolve(GeneratedShowcase.TOPOLOGY);
            producer.send(
                    new ProducerRecord<>(
                            Topics.TOPOLOGY,
                            "topology",
                            json.writeValueAsString(json.readTree(topology.toFile()))));
            n++;
            for (String line : lines(dir.resolve(ShowcaseFeeds.IMPACT))) {
                producer.send(
                        new ProducerRecord<>(
                                Topics.IMPACT, EventJson.impact(line).service(), line));
                n++;
            }
            for (String line : lines(dir.resolve(ShowcaseFeeds.DEPLOYS))) {
                producer.send(
                        new ProducerRecord<>(
                                Topics.DEPLOYS, EventJson.deploy(line).service(), line));
                n++;
            }
            for (String line : lines(dir.resolve(ShowcaseFeeds.METRICS))) {
                producer.send(
                        new ProducerRecord<>(
                                Topics.METRICS, EventJson.metric(line).series(), line));
                n++;
            }
            for (String line : lines(dir.resolve(ShowcaseFeeds.LOGS))) {
                producer.send(
                        new ProducerRecord<>(Topics.LOGS, EventJson.log(line).service(), line));
                n++;
            }
            producer.flush();
        }
        return n;
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    /** A file of the repository, from its root or from a module directory (tests run there). */
    private static String repoFile(String relative) {
        for (Path base : List.of(Path.of(""), Path.of(".."))) {
            Path f = base.resolve(relative);
            if (Files.isRegularFile(f)) {
                return f.toAbsolutePath().normalize().toString();
            }
        }
        return relative;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
