package io.phalanx.kafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running as a child
 * JVM on 127.0.0.1, for one-machine runs ({@code phalanx run} without {@code --bootstrap}) and for
 * integration tests.
 *
 * <p>The broker's classpath ({@code kafka_2.13} 4.4 with its own kafka-clients) was resolved when
 * this module was built and is read from the {@code broker.classpath} resource; it never meets the
 * classpath of the calling JVM, whose kafka-clients the Flink connector pins to 4.2.0.
 *
 * <p>The data directory keeps the log and the KRaft metadata: starting again on the same directory
 * reuses it (topics and committed offsets survive), a new directory starts empty. Replication
 * factor and min ISR are 1 everywhere, so transactions (exactly-once sinks) work on the single
 * node. The child is stopped by {@link #close()} (SIGTERM, then a forced kill after 10 s) or, as a
 * last resort, by a shutdown hook of the calling JVM.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final String READY_LINE = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Thread shutdownHook;

    private LocalKafkaBroker(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        // Shutdown hooks run concurrently: give the broker its clean SIGTERM shutdown (and the
        // others a moment to finish with it) before forcing it.
        this.shutdownHook =
                new Thread(
                        () -> {
                            process.destroy();
                            try {
                                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                                    process.destroyForcibly();
                                }
                            } catch (InterruptedException e) {
                                process.destroyForcibly();
                            }
                        },
                        "stop local kafka broker");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker on a free port; returns once it accepts clients. */
    public static LocalKafkaBroker start(Path dataDir) throws IOException {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker listening on {@code 127.0.0.1:port} (0 = a free port) with its data in {@code
     * dataDir}; returns once it has logged that it started and accepts TCP connections.
     *
     * @throws IOException when the broker cannot be started; the message carries the tail of its
     *     log
     */
    public static LocalKafkaBroker start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        Path data = dataDir.toAbsolutePath();
        int brokerPort = port != 0 ? port : freePort();
        int controllerPort = freePort();
        Path props = data.resolve("server.properties");
        Files.writeString(
                props, serverProperties(data.resolve("kafka-logs"), brokerPort, controllerPort));
        Path log4j = data.resolve("log4j2.properties");
        Files.writeString(log4j, LOG4J2);
        Path log = data.resolve("broker.log");

        if (!Files.exists(data.resolve("kafka-logs").resolve("meta.properties"))) {
            Process format =
                    java(
                                    data,
                                    log4j,
                                    "kafka.tools.StorageTool",
                                    "format",
                                    "--standalone",
                                    "-t",
                                    clusterId(),
                                    "-c",
                                    props.toString())
                            .redirectOutput(data.resolve("format.log").toFile())
                            .start();
            try {
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    format.destroyForcibly();
                    throw new IOException(
                            "formatting the Kafka log directory failed:\n"
                                    + tail(data.resolve("format.log")));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while formatting the Kafka log directory", e);
            }
        }

        Files.deleteIfExists(log);
        Process broker =
                java(data, log4j, "kafka.Kafka", props.toString())
                        .redirectOutput(log.toFile())
                        .start();
        LocalKafkaBroker b = new LocalKafkaBroker(broker, brokerPort, data);
        try {
            b.awaitReady(log);
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the broker (SIGTERM: a clean shutdown) and waits for it, forcing it after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the Kafka broker exited with code "
                                + process.exitValue()
                                + ":\n"
                                + tail(log));
            }
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains(READY_LINE)
                    && accepts(port)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the Kafka broker", e);
            }
        }
        throw new IOException(
                "the Kafka broker did not start within "
                        + START_TIMEOUT.toSeconds()
                        + " s:\n"
                        + tail(log));
    }

    private static ProcessBuilder java(Path dir, Path log4j, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    }

    /** The broker's classpath as resolved when this module was built. */
    static String classpath() {
        try (InputStream in = LocalKafkaBroker.class.getResourceAsStream("broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException(
                        "broker.classpath is missing: build the kafka-broker module with Maven");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new IllegalStateException(
                            "the Kafka broker's classpath names "
                                    + entry
                                    + ", which is not there: rebuild the kafka-broker module");
                }
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String serverProperties(Path logDir, int port, int controllerPort) {
        return String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                        "log.dirs=" + logDir,
                        "num.partitions=2",
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=4",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "transaction.state.log.num.partitions=4",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=true",
                        "log.retention.hours=168",
                        "")
                + "\n";
    }

    private static final String LOG4J2 =
            String.join(
                    "\n",
                    "status = warn",
                    "appender.out.type = Console",
                    "appender.out.name = out",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                    "rootLogger.level = warn",
                    "rootLogger.appenderRef.out.ref = out",
                    "logger.server.name = kafka.server",
                    "logger.server.level = info",
                    "");

    private static String clusterId() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Runs a broker until the JVM is stopped: {@code LocalKafkaBroker <data-dir> [port]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LocalKafkaBroker <data-dir> [port]");
            System.exit(2);
        }
        LocalKafkaBroker b =
                start(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println(
                "Kafka broker at " + b.bootstrapServers() + " (data in " + b.dataDir() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(b::close));
        b.process.waitFor();
    }
}
