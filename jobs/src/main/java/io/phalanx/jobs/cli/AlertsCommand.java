package io.phalanx.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.connectors.alerting.AlertDeadLetter;
import io.phalanx.connectors.alerting.AlertDispatcher;
import io.phalanx.connectors.alerting.AlertTargets;
import io.phalanx.connectors.alerting.Sleeper;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.alerting.AlertPayloads;
import io.phalanx.core.alerting.AlertingConfig;
import io.phalanx.core.config.ConfigFileException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phalanx alerts}: reads the incident updates topic ({@code read_committed}) and pages
 * Alertmanager, PagerDuty and Slack as {@code alerting.yaml} says. Offsets are committed after each
 * batch is dispatched (at least once); duplicates inside one run never page twice.
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send incident updates to Alertmanager, PagerDuty and Slack.",
            "",
            "The first version of an incident pages, later versions update without paging, a",
            "resolve event resolves once. Failed deliveries are retried with backoff and then",
            "printed as dead-letter JSON lines on stderr."
        },
        footer = {
            "",
            "Example:",
            "  PD_ROUTING_KEY=... phalanx alerts --bootstrap 127.0.0.1:9092 --config alerting.yaml"
        })
public final class AlertsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE",
            description = "Alerting targets (docs/examples/alerting.yaml).")
    Path config;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            paramLabel = "PREFIX",
            description = "Prefix of every topic name (must match `phalanx run`).")
    String topicPrefix;

    @Option(
            names = "--group",
            defaultValue = "phalanx-alerts",
            description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String group;

    PrintStream out = System.out;
    PrintStream err = System.err;
    java.util.function.Function<String, String> env = System::getenv;

    @Override
    public Integer call() throws Exception {
        AlertingConfig cfg;
        try {
            cfg = AlertingConfig.parse(Files.readString(config), config.toString(), env);
        } catch (ConfigFileException e) {
            err.println(e.getMessage());
            return 2;
        }
        Clock clock = Clock.systemUTC();
        AlertDispatcher dispatcher =
                new AlertDispatcher(
                        AlertTargets.of(cfg, Sleeper.REAL, clock),
                        new AlertPayloads(cfg.source(), cfg.generatorUrl()),
                        this::deadLetter,
                        clock);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String topic = topicPrefix + Topics.INCIDENTS;
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            Thread main = Thread.currentThread();
            Thread hook =
                    new Thread(
                            () -> {
                                consumer.wakeup();
                                try {
                                    main.join(10_000);
                                } catch (InterruptedException ignored) {
                                    Thread.currentThread().interrupt();
                                }
                            });
            Runtime.getRuntime().addShutdownHook(hook);
            consumer.subscribe(List.of(topic));
            out.println("alerts: reading " + topic + ", " + cfg.targets().size() + " target(s)");
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var records = consumer.poll(Duration.ofSeconds(1));
                    for (ConsumerRecord<String, String> r : records) {
                        dispatcher.accept(r.value());
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                }
            } catch (WakeupException | org.apache.kafka.common.errors.InterruptException stopping) {
                // Ctrl-C (or the embedding thread interrupted): leave after the batch in hand
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it is what stopped the loop
                }
            }
        }
        return 0;
    }

    private void deadLetter(AlertDeadLetter d) {
        try {
            err.println("dead-letter " + JSON.writeValueAsString(d));
        } catch (Exception e) {
            err.println("dead-letter " + d);
        }
    }
}
