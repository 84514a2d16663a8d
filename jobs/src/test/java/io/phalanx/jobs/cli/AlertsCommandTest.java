package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.alerting.AlertingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AlertsCommandTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "alerting.yaml");

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        AlertingConfig c =
                AlertingConfig.parse(
                        Files.readString(EXAMPLE),
                        "alerting.yaml",
                        Map.of("PD_ROUTING_KEY", "rk", "SLACK_WEBHOOK_URL", "https://hooks.test/x")
                                ::get);
        assertThat(c.targets())
                .extracting(AlertingConfig.Target::type)
                .containsExactly("alertmanager", "pagerduty", "slack");
        assertThat(c.targets().get(1).pageSeverities())
                .containsExactlyInAnyOrder("critical", "major");
    }

    @Test
    void aBadConfigStopsBeforeKafkaWithFileAndLine(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("alerting.yaml");
        Files.writeString(cfg, "targets:\n  - type: slack\n    url: ftp://x\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AlertsCommand command = new AlertsCommand();
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);

        int exit =
                new CommandLine(command)
                        .execute("--bootstrap", "127.0.0.1:1", "--config", cfg.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(cfg + ":3: url must be http or https, got ftp://x");
    }
}
