package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, listing, generation, usage errors. */
class SimulateTest {
    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Simulate.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpDescribesEveryOption() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "--scenario NAME|all",
                        "--out DIR",
                        "--seed N",
                        "--duration S",
                        "--pcapng",
                        "--list");
    }

    @Test
    void listNamesEveryScenario() {
        assertThat(run("--list")).isZero();
        for (Scenario s : Scenario.values()) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(s.id());
        }
    }

    @Test
    void generatesOneScenarioWithProgressLine() {
        Path dir = tmp.resolve("out");
        assertThat(
                        run(
                                "--scenario",
                                "reorder-hop3-hop4",
                                "--out",
                                dir.toString(),
                                "--seed",
                                "9",
                                "--duration",
                                "0.2",
                                "--pcapng"))
                .isZero();
        Path set = dir.resolve("reorder-hop3-hop4");
        assertThat(set.resolve("hop1.pcap")).exists();
        assertThat(set.resolve("hop4.pcap")).exists();
        assertThat(set.resolve("merged.pcapng")).exists();
        assertThat(set.resolve("ground-truth.json")).exists();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("reorder-hop3-hop4", "seed 9", "hop1=");
    }

    @Test
    void generatesAShowcaseWithItsSideFiles() {
        Path dir = tmp.resolve("showcases");
        assertThat(run("--showcase", "routing-change-asymmetric-return", "--out", dir.toString()))
                .isZero();
        Path set = dir.resolve("routing-change-asymmetric-return");
        for (String f :
                List.of(
                        "hop1.pcap",
                        "hop4.pcap",
                        "ground-truth.json",
                        "topology.json",
                        "metrics.jsonl",
                        "logs.jsonl",
                        "deploys.jsonl",
                        "impact.jsonl")) {
            assertThat(set.resolve(f)).exists();
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("routing-change-asymmetric-return", "seed 2002", "side files");
        assertThat(run("--list")).isZero();
        for (Showcase s : Showcase.values()) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(s.id());
        }
        assertThat(run("--showcase", "no-such", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown showcase 'no-such'");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() throws Exception {
        assertThat(run("--scenario", "no-such", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown scenario 'no-such'");
        assertThat(run("--scenario", "baseline")).isEqualTo(2);
        assertThat(run("--scenario", "baseline", "--out", tmp.toString(), "--duration", "0"))
                .isEqualTo(2);
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(Files.list(tmp)).isEmpty();
    }
}
