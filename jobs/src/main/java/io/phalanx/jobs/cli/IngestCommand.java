package io.phalanx.jobs.cli;

import io.phalanx.gateway.GatewayConfig;
import io.phalanx.gateway.IngestGatewayMain;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx ingest}: runs the REST ingest gateway in front of the feed topics. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the REST ingest gateway: metrics, logs, deploys, topology and business impact",
            "posted over HTTP are validated and written to the feed topics.",
            "",
            "POST /v1/metrics (JSON, JSON Lines, Prometheus text 0.0.4), /v1/logs, /v1/deploys",
            "(generic JSON or a GitHub deployment_status webhook), /v1/topology, /v1/impact;",
            "GET /healthz and /metrics. Every request needs Authorization: Bearer <token>",
            "(GitHub webhooks sign with the token as secret instead). A payload with one bad record",
            "is refused whole (400) and nothing of it is written. Stop with Ctrl-C."
        },
        footer = {
            "",
            "Example:",
            "  PHALANX_INGEST_TOKEN=$(cat token) phalanx ingest --bootstrap 127.0.0.1:9092",
            "  curl -H \"Authorization: Bearer $(cat token)\" -H 'Content-Type: text/plain; version=0.0.4' \\",
            "       --data-binary @metrics.prom http://127.0.0.1:8088/v1/metrics"
        })
public final class IngestCommand implements Callable<Integer> {
    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--port",
            defaultValue = "8088",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String bind;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the bearer token (default: $PHALANX_INGEST_TOKEN).")
    Path tokenFile;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "1048576",
            paramLabel = "BYTES",
            description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = "--deploy-environments",
            split = ",",
            paramLabel = "ENV",
            description = "GitHub environments whose deploys are recorded (default: all).")
    List<String> deployEnvironments = List.of();

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            paramLabel = "PREFIX",
            description = "Prefix of every topic name (must match `phalanx run`).")
    String topicPrefix;

    @Option(
            names = "--transactional-id",
            paramLabel = "PREFIX",
            description =
                    "Kafka transactional.id prefix, unique per gateway instance (default:"
                            + " phalanx-ingest-<host>-<port>).")
    String transactionalId;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config =
                GatewayConfig.defaults(bootstrap)
                        .withListen(bind, port)
                        .withMaxBodyBytes(maxBodyBytes)
                        .withDeployEnvironments(new LinkedHashSet<>(deployEnvironments))
                        .withTopicPrefix(topicPrefix);
        if (transactionalId != null) {
            config = config.withTransactionalIdPrefix(transactionalId);
        }
        IngestGatewayMain.run(config, tokenFile);
        return 0;
    }
}
