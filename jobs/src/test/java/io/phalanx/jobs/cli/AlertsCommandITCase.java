package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.jobs.platform.KafkaTestSupport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phalanx alerts} in-process against the real broker and local HTTP receivers. */
class AlertsCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String update(int version) {
        return "{\"v\":1,\"id\":\"INC-it\",\"version\":"
                + version
                + ",\"ts\":\"2026-03-01T12:00:10Z\",\"incident\":{\"id\":\"INC-it\",\"version\":"
                + version
                + ",\"start\":1772366400000000000,\"end\":1772366410000000000,"
                + "\"severity\":\"critical\",\"title\":\"Loss on hop1-hop2\",\"narrative\":\"n\"}}";
    }

    @Test
    void onePageAndOneResolvePerTargetFromTheTopic(@TempDir Path dir) throws Exception {
        List<String> pagerduty = new CopyOnWriteArrayList<>();
        List<String> alertmanager = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pd", ex -> record(ex, pagerduty));
        server.createContext("/am", ex -> record(ex, alertmanager));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String prefix = "alerts-it-";
        KafkaTestSupport.createTopics(prefix);
        String resolve = "{\"v\":1,\"id\":\"INC-it\",\"version\":4,\"resolved\":true}";
        KafkaTestSupport.send(
                prefix + Topics.INCIDENTS,
                "INC-it",
                update(1),
                "INC-it",
                update(2),
                "INC-it",
                update(2),
                "INC-it",
                update(3),
                "INC-it",
                update(1),
                "INC-it",
                resolve);
        Path cfg = dir.resolve("alerting.yaml");
        Files.writeString(
                cfg,
                "targets:\n"
                        + "  - type: alertmanager\n    url: "
                        + base
                        + "/am\n"
                        + "  - type: pagerduty\n    url: "
                        + base
                        + "/pd\n    routingKeyEnv: PD_KEY\n");
        AlertsCommand command = new AlertsCommand();
        command.env = Map.of("PD_KEY", "rk-it")::get;
        Thread runner =
                new Thread(
                        () ->
                                new CommandLine(command)
                                        .execute(
                                                "--bootstrap",
                                                KafkaTestSupport.bootstrap(),
                                                "--config",
                                                cfg.toString(),
                                                "--topic-prefix",
                                                prefix,
                                                "--group",
                                                "alerts-it"));
        runner.start();
        try {
            // the resolve is the last record: once it arrives every earlier one was handled
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (pagerduty.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            runner.interrupt();
            runner.join(30_000);
            server.stop(0);
        }

        assertThat(pagerduty)
                .extracting(b -> JSON.readTree(b).get("event_action").asText())
                .containsExactly("trigger", "resolve");
        assertThat(pagerduty).allMatch(b -> b.contains("\"dedup_key\":\"INC-it\""));
        assertThat(alertmanager).hasSize(4);
        assertThat(alertmanager.subList(0, 3)).noneMatch(b -> b.contains("endsAt"));
        assertThat(JSON.readTree(alertmanager.get(3)).get(0).has("endsAt")).isTrue();
    }

    private static void record(com.sun.net.httpserver.HttpExchange ex, List<String> into)
            throws java.io.IOException {
        into.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(202, -1);
        ex.close();
    }
}
