package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The two commands are registered and refuse incomplete command lines before touching anything. */
class IngestCaptureCommandTest {
    @Test
    void captureNeedsInterfaceCapturePointAndBootstrap() {
        StringWriter err = new StringWriter();
        CommandLine cl = PhalanxCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("capture", "--iface", "eth0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("Missing required options")
                .contains("--capture-point")
                .contains("--bootstrap");
    }

    @Test
    void captureRefusesASnapLengthTooShortForHeaders() {
        StringWriter err = new StringWriter();
        CommandLine cl = PhalanxCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code =
                cl.execute(
                        "capture",
                        "--iface",
                        "lo",
                        "--capture-point",
                        "edge-in",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--snaplen",
                        "20");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("snaplen must be 64..262144");
    }

    @Test
    void ingestNeedsBootstrapAndDocumentsItsOptions() {
        StringWriter err = new StringWriter();
        CommandLine cl = PhalanxCli.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("ingest")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--bootstrap=HOST:PORT'");

        String usage = cl.getSubcommands().get("ingest").getUsageMessage();
        assertThat(usage)
                .contains("--token-file")
                .contains("--max-body-bytes")
                .contains("/v1/metrics");
    }
}
