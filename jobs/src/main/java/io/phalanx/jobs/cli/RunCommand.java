package io.phalanx.jobs.cli;

import io.phalanx.connectors.kafka.CaptureFilePublisher;
import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.connectors.kafka.TopicAdmin;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.diagnosis.DiagnosisRulesFile;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.core.report.SummaryTable;
import io.phalanx.core.stitch.Topology;
import io.phalanx.jobs.platform.PlatformOptions;
import io.phalanx.jobs.platform.query.OntologyQueryServer;
import io.phalanx.jobs.replay.functions.NetworkAnalyzer;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx run}: the streaming platform on this machine. */
@Command(
        name = "run",
        defaultValueProvider = ReplayCommand.JobDefaults.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the streaming pipeline: packets from Kafka stitched into conversations, segment",
            "figures and diagnosis, results to Kafka topics (exactly-once).",
            "",
            "Without --bootstrap a real Kafka broker is started on 127.0.0.1 (a child JVM, data in",
            "--kafka-dir), so the platform runs on one machine. The network view is printed as it",
            "is re-issued. Ctrl-C stops the job and the broker. The same job runs on a Flink",
            "cluster: io.phalanx.jobs.platform.PlatformJob in the shaded jar."
        },
        footer = {
            "",
            "Examples:",
            "  phalanx run --capture-points hop1,hop2,hop3,hop4            (then: phalanx publish ...)",
            "  phalanx run --publish hop1=a.pcap --publish hop2=b.pcap --speed 10x",
            "  phalanx run --bootstrap kafka:9092 --capture-points edge-in,core-out"
        })
public final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; without it an embedded broker is started.")
    String bootstrap;

    @Option(
            names = "--capture-points",
            split = ",",
            paramLabel = "ID",
            description =
                    "Capture points to accept (comma-separated); default: those of --publish.")
    List<String> capturePoints = new ArrayList<>();

    @Option(
            names = "--publish",
            paramLabel = "ID=FILE",
            description = "Also publish this capture once the job runs (repeat per file).")
    List<String> publish = new ArrayList<>();

    @Option(
            names = "--speed",
            defaultValue = "max",
            paramLabel = "FACTOR",
            description = "Pace of --publish: 1x, 10x, ... or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(
            names = "--until-drained",
            description =
                    "Process what the packets topic holds (after --publish), print the final view and exit.")
    boolean untilDrained;

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

    @Option(names = "--topology", paramLabel = "FILE", description = "Declared paths (JSON).")
    Path topology;

    @Option(names = "--rules", paramLabel = "FILE", description = "Diagnosis thresholds (YAML).")
    Path rules;

    @Option(
            names = "--query-port",
            defaultValue = "8081",
            description =
                    "Port of the ontology REST query on 127.0.0.1 (GET /v1/entities/<id>); -1 turns it off (default: ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            paramLabel = "PREFIX",
            description = "Prefix of every topic name.")
    String topicPrefix;

    @Option(
            names = "--match-window",
            paramLabel = "DURATION",
            description =
                    "Longest time between a packet's first and last sighting (default: ${DEFAULT-VALUE}).")
    String matchWindow;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            description = "A conversation idle this long is finished (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(
            names = "--out-of-orderness",
            paramLabel = "DURATION",
            description =
                    "How far timestamps may run backwards within a packets partition (default: ${DEFAULT-VALUE}).")
    String outOfOrderness;

    @Option(
            names = "--max-conversations",
            description = "Conversation rows listed per network view (default: ${DEFAULT-VALUE}).")
    int maxConversations;

    @Option(
            names = "--checkpoint-dir",
            defaultValue = "out/checkpoints",
            paramLabel = "DIR",
            description = "Where checkpoints are kept (default: ${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "10s",
            paramLabel = "DURATION",
            description =
                    "Checkpoint interval; results are committed at each checkpoint (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = "A Flink configuration option for the embedded cluster (repeatable).")
    java.util.Map<String, String> flinkOptions = new java.util.LinkedHashMap<>();

    @Option(
            names = {"-q", "--quiet"},
            description = "Do not print network views.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        List<CaptureSpec> toPublish = CaptureSpec.parseAll(publish, true);
        Set<String> points = new LinkedHashSet<>(capturePoints);
        toPublish.forEach(c -> points.add(c.id()));
        if (points.isEmpty()) {
            throw new IllegalArgumentException(
                    "name the capture points to accept: --capture-points hop1,hop2 (or --publish ID=FILE)");
        }
        double pace = CaptureSpec.speed(speed);

        LocalKafkaBroker broker = null;
        JobClient[] job = {null};
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            String servers = bootstrap;
            if (servers == null) {
                err.println("starting an embedded Kafka broker (data in " + kafkaDir + ") ...");
                broker = LocalKafkaBroker.start(kafkaDir, kafkaPort);
                servers = broker.bootstrapServers();
                err.println("Kafka broker at " + servers);
            }
            List<String> created = TopicAdmin.ensureTopics(servers, topicPrefix, 4);
            if (!created.isEmpty()) {
                err.println("created topics " + created);
            }
            PlatformOptions defaults = PlatformOptions.defaults(servers, List.copyOf(points));
            PlatformOptions options =
                    new PlatformOptions(
                            servers,
                            List.copyOf(points),
                            Durations.parse(matchWindow, "--match-window"),
                            Durations.parse(idleTimeout, "--idle-timeout"),
                            Durations.parse(outOfOrderness, "--out-of-orderness"),
                            defaults.sourceIdleness(),
                            defaults.reportInterval(),
                            maxConversations,
                            topology == null ? null : Topology.read(topology),
                            rules == null ? null : DiagnosisRulesFile.read(rules),
                            untilDrained,
                            defaults.groupId(),
                            defaults.transactionalIdPrefix(),
                            topicPrefix);

            if (untilDrained && !toPublish.isEmpty()) {
                // A drained run reads up to the end offsets at its start: publish first.
                publish(servers, options.topic(Topics.PACKETS), toPublish, pace, err);
            }
            job[0] =
                    EmbeddedPlatform.start(
                            options,
                            checkpointDir,
                            Durations.parse(checkpointInterval, "--checkpoint-interval"),
                            parallelism,
                            flinkOptions,
                            "phalanx run");
            err.println(
                    "job running; capture points "
                            + points
                            + "; results on "
                            + topicPrefix
                            + "phalanx.*.v1 topics"
                            + (untilDrained ? "" : " (Ctrl-C stops)"));
            final LocalKafkaBroker b = broker;
            Thread hook =
                    new Thread(
                            () -> {
                                stopping.set(true);
                                err.println("stopping ...");
                                try {
                                    if (job[0] != null) {
                                        job[0].cancel().get();
                                    }
                                } catch (Exception ignored) {
                                    // the job may have finished already
                                }
                                try {
                                    stopped.await(
                                            java.util.concurrent.TimeUnit.SECONDS.toMillis(20),
                                            java.util.concurrent.TimeUnit.MILLISECONDS);
                                } catch (InterruptedException ignored) {
                                    Thread.currentThread().interrupt();
                                }
                                if (b != null) {
                                    b.close();
                                }
                            },
                            "phalanx run shutdown");
            Runtime.getRuntime().addShutdownHook(hook);

            OntologyQueryServer query = null;
            if (queryPort >= 0) {
                query =
                        new OntologyQueryServer(
                                servers,
                                options.topic(Topics.ONTOLOGY),
                                new java.net.InetSocketAddress("127.0.0.1", queryPort));
                err.println(
                        "ontology query: http://127.0.0.1:"
                                + query.port()
                                + "/v1/entities?type=service (and /v1/entities/<id>)");
            }
            Thread views =
                    quiet ? null : printViews(servers, options.topic(Topics.NETWORK), stopping);
            if (!untilDrained && !toPublish.isEmpty()) {
                publish(servers, options.topic(Topics.PACKETS), toPublish, pace, err);
            }
            try {
                job[0].getJobExecutionResult().get();
            } catch (Exception e) {
                if (!stopping.get()) {
                    throw new IllegalStateException(
                            "the platform job failed: " + PhalanxCli.deepestMessage(e), e);
                }
            }
            if (views != null) {
                // The final view is committed with the last checkpoint; give the printer a moment.
                views.join(5_000);
            }
            stopping.set(true);
            if (query != null) {
                query.close();
            }
            if (untilDrained) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            return 0;
        } finally {
            stopped.countDown();
            if (untilDrained && broker != null) {
                broker.close();
            }
        }
    }

    static void publish(
            String servers, String topic, List<CaptureSpec> specs, double pace, PrintStream err)
            throws Exception {
        List<CaptureFilePublisher.Input> inputs = new ArrayList<>();
        specs.forEach(c -> inputs.add(new CaptureFilePublisher.Input(c.id(), c.file())));
        try (PacketPublisher p =
                new PacketPublisher(servers, topic, 512, 1 << 20, Duration.ofMillis(20))) {
            CaptureFilePublisher.Result r =
                    new CaptureFilePublisher(p)
                            .publish(inputs, pace, d -> err.println("dead letter: " + d), null);
            err.printf(
                    "published %,d frames from %d file(s) in %.1f s%n",
                    r.frames(), inputs.size(), r.seconds());
        }
    }

    /** Prints every network view committed to the network topic, until stopped. */
    private static Thread printViews(String servers, String topic, AtomicBoolean stopping) {
        Thread t =
                new Thread(
                        () -> {
                            Properties p = new Properties();
                            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
                            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                            p.put(
                                    ConsumerConfig.GROUP_ID_CONFIG,
                                    "phalanx-run-console-" + ProcessHandle.current().pid());
                            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
                            p.put(
                                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                    StringDeserializer.class.getName());
                            p.put(
                                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                    StringDeserializer.class.getName());
                            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                                c.subscribe(List.of(topic));
                                while (!stopping.get()) {
                                    for (ConsumerRecord<String, String> r :
                                            c.poll(Duration.ofMillis(500))) {
                                        ReplayReport view = ReportJson.fromJson(r.value());
                                        System.out.println("== " + view.generatedBy);
                                        System.out.println(SummaryTable.render(view));
                                        if (NetworkAnalyzer.FINAL_VIEW.equals(view.generatedBy)) {
                                            return;
                                        }
                                    }
                                }
                            } catch (Exception e) {
                                System.err.println(
                                        "network view printer stopped: " + e.getMessage());
                            }
                        },
                        "network views");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
