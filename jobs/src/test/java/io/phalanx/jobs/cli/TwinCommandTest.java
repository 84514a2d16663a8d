package io.phalanx.jobs.cli;

import io.phalanx.jobs.cli.ReplayCommandITCase.Run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.twin.TwinResultFile;
import io.phalanx.simulation.GeneratedShowcase;
import io.phalanx.simulation.Showcase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phalanx twin} on the simulator's launch showcase: predict ×3, store, compare. */
class TwinCommandTest {
    @TempDir static Path tmp;
    static Path launch;


    @BeforeAll
    static void generateTheLaunch() throws Exception {
        launch =
                GeneratedShowcase.generate(
                                Showcase.LAUNCH_3X,
                                Showcase.LAUNCH_3X.defaultSeed(),
                                tmp.resolve("launch"),
                                false)
                        .dir();
    }

    static Run run(String... args) {
        return ReplayCommandITCase.run(args);
    }

    private static String file(String name) {
        return launch.resolve(name).toString();
    }

    @Test
    void predictsTheLaunchStoresItAndComparesWithWhatHappened() throws Exception {
        Path out = tmp.resolve("twin");
        Run r =
                run(
                        "twin",
                        "--history",
                        file(GeneratedShowcase.HISTORY_1X),
                        "--topology",
                        file(GeneratedShowcase.TOPOLOGY),
                        "--scale",
                        "3x",
                        "--slo",
                        file(GeneratedShowcase.SLO),
                        "--out",
                        out.toString(),
                        "--compare-observed",
                        file(GeneratedShowcase.OBSERVED_3X));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("replayed at x3")
                .contains("SLO checkout-latency (checkout, 99.00% under 500.0 ms)")
                .contains("alerts [")
                .contains("replicas: payments 2 -> ")
                .contains("Predicted (x3) vs observed");
        TwinResultFile.Stored stored = TwinResultFile.read(out.resolve(TwinResultFile.FILE_NAME));
        assertThat(stored.loadMultiplier()).isEqualTo(3);
        // ×3 of the history's 8 purchases per second.
        assertThat(stored.classes().get("buy").meanArrivalRate()).isCloseTo(24, within(1.0));
        assertThat(stored.services().get("payments").meanUtilisation()).isBetween(0.7, 0.85);

        // Later: the stored prediction against the observation gives the same report.
        Run later =
                run(
                        "twin",
                        "--prediction",
                        out.resolve(TwinResultFile.FILE_NAME).toString(),
                        "--compare-observed",
                        file(GeneratedShowcase.OBSERVED_3X));
        assertThat(later.exit()).as(later.err()).isZero();
        String report = r.out().substring(r.out().indexOf("Predicted (x3)"));
        assertThat(later.out().strip()).isEqualTo(report.strip());
    }

    @Test
    void removingTheEdgeLinkMovesTrafficToTheSlowerBackupLink() throws Exception {
        Path base = tmp.resolve("base");
        Path without = tmp.resolve("without-edge");
        String[] common = {
            "twin",
            "--history",
            file(GeneratedShowcase.HISTORY_1X),
            "--topology",
            file(GeneratedShowcase.TOPOLOGY),
        };
        assertThat(run(concat(common, "--out", base.toString())).exit()).isZero();
        Run r = run(concat(common, "--remove-link", "edge", "--out", without.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("without edge");
        double before =
                TwinResultFile.read(base.resolve(TwinResultFile.FILE_NAME))
                        .classes()
                        .get("browse")
                        .meanSeconds();
        double after =
                TwinResultFile.read(without.resolve(TwinResultFile.FILE_NAME))
                        .classes()
                        .get("browse")
                        .meanSeconds();
        // backup-edge: 12 ms instead of 2 ms base latency, and 2 ms instead of 0.2 ms to send a
        // 200 kbit request at 100 Mbit/s instead of 1 Gbit/s (plus a little queueing).
        assertThat(after - before).isCloseTo(0.0118, within(0.001));
    }

    @Test
    void aMixChangeScalesOneClassOnly() throws Exception {
        Path out = tmp.resolve("mix");
        Run r =
                run(
                        "twin",
                        "--history",
                        file(GeneratedShowcase.HISTORY_1X),
                        "--topology",
                        file(GeneratedShowcase.TOPOLOGY),
                        "--class-scale",
                        "buy=2",
                        "--out",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("class mix {buy=2.0}");
        TwinResultFile.Stored stored = TwinResultFile.read(out.resolve(TwinResultFile.FILE_NAME));
        // Purchases doubled from 8/s, browsing untouched at 30/s.
        assertThat(stored.classes().get("buy").meanArrivalRate()).isCloseTo(16, within(0.6));
        assertThat(stored.classes().get("browse").meanArrivalRate()).isCloseTo(30, within(1.0));
        assertThat(
                        run(
                                        "twin",
                                        "--history",
                                        file(GeneratedShowcase.HISTORY_1X),
                                        "--class-scale",
                                        "nope=2")
                                .exit())
                .isEqualTo(2);
    }

    @Test
    void withoutATopologyEachServiceIsItsOwnClass() {
        Run r = run("twin", "--history", file(GeneratedShowcase.OBSERVED_3X), "--scale", "1.2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("replayed at x1.2")
                .contains("payments")
                .contains("Saturation:");
    }

    @Test
    void aBadScaleIsAUsageError() {
        Run r = run("twin", "--history", file(GeneratedShowcase.HISTORY_1X), "--scale", "triple");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--scale must be a multiplier such as 3x");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
