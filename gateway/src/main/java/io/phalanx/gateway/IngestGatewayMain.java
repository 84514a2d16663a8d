package io.phalanx.gateway;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the gateway until the process is stopped: {@code IngestGatewayMain --bootstrap host:9092
 * [--port 8088] [--bind 127.0.0.1] [--token-file f] [--max-body-bytes 1048576]
 * [--deploy-environments production,...] [--topic-prefix p]}. The token comes from the file or else
 * from {@code $PHALANX_INGEST_TOKEN}. {@code phalanx ingest} is the same with the CLI's help.
 */
public final class IngestGatewayMain {
    private IngestGatewayMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String bind = "127.0.0.1";
        int port = GatewayConfig.DEFAULT_PORT;
        Path tokenFile = null;
        long maxBody = GatewayConfig.DEFAULT_MAX_BODY_BYTES;
        Set<String> environments = Set.of();
        String topicPrefix = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                usage("missing value after " + a);
            }
            switch (a) {
                case "--bootstrap" -> bootstrap = v;
                case "--bind" -> bind = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--token-file" -> tokenFile = Path.of(v);
                case "--max-body-bytes" -> maxBody = Long.parseLong(v);
                case "--topic-prefix" -> topicPrefix = v;
                case "--deploy-environments" ->
                        environments = new HashSet<>(Arrays.asList(v.split(",")));
                default -> usage("unknown option " + a);
            }
            i++;
        }
        if (bootstrap == null) {
            usage("--bootstrap is required");
        }
        GatewayConfig config =
                GatewayConfig.defaults(bootstrap)
                        .withListen(bind, port)
                        .withMaxBodyBytes(maxBody)
                        .withDeployEnvironments(environments)
                        .withTopicPrefix(topicPrefix);
        run(config, tokenFile);
    }

    /** Starts the gateway, prints where it listens, and blocks until the JVM shuts down. */
    public static void run(GatewayConfig config, Path tokenFile) throws Exception {
        IngestGateway gateway = IngestGateway.start(config, tokenFile);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    gateway.close();
                                    stopped.countDown();
                                },
                                "stop ingest gateway"));
        System.err.println(
                "phalanx ingest: listening on "
                        + gateway.uri()
                        + " (POST /v1/metrics, /v1/logs, /v1/deploys, /v1/topology, /v1/impact),"
                        + " writing to "
                        + config.bootstrapServers());
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("ingest gateway: " + problem);
        System.err.println(
                "usage: IngestGatewayMain --bootstrap host:9092 [--port 8088] [--bind 127.0.0.1]"
                        + " [--token-file f] [--max-body-bytes n] [--deploy-environments a,b]"
                        + " [--topic-prefix p]");
        System.exit(2);
    }
}
