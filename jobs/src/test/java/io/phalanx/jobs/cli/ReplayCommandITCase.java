package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phalanx replay} as a user runs it: arguments in, exit code, table, report file. */
class ReplayCommandITCase {
    static final Path SAMPLES =
            Path.of(System.getProperty("phalanx.repo.root", "..")).resolve("samples/captures");

    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            CommandLine cl = PhalanxCli.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static List<String> captures(String set) {
        List<String> args = new ArrayList<>();
        for (String hop : new String[] {"hop1", "hop2", "hop3", "hop4"}) {
            args.add("--capture");
            args.add(hop + "=" + SAMPLES.resolve(set).resolve(hop + ".pcap"));
        }
        return args;
    }

    @Test
    void replayWithADeclaredTopologyWritesReportAndWarnings() throws Exception {
        Path topology = tmp.resolve("topology.json");
        Files.writeString(
                topology,
                """
                {"paths": [
                  {"from": "10.77.1.0/24", "to": "10.77.3.0/24", "capturePoints": ["hop1", "hop2", "hop3", "hop4"]},
                  {"from": "10.77.3.2", "to": "10.77.1.0/24", "capturePoints": ["hop4", "hop2", "hop1"]}
                ]}
                """);
        Path report = tmp.resolve("out/report.json");
        List<String> args = new ArrayList<>(List.of("replay", "--quiet"));
        args.addAll(captures("loss-3pct-fwd-r1-r2"));
        args.addAll(
                List.of(
                        "--topology",
                        topology.toString(),
                        "--report",
                        report.toString(),
                        "--dead-letters",
                        tmp.resolve("dead.jsonl").toString()));
        Run r = run(args.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isZero();
        ReplayReport rep = ReportJson.read(report);
        assertThat(rep.paths)
                .extracting(p -> String.join(",", p.capturePoints))
                .containsExactlyInAnyOrder("hop1,hop2,hop3,hop4", "hop4,hop2,hop1");
        assertThat(rep.paths).allMatch(p -> p.asymmetric);
        assertThat(rep.warnings)
                .singleElement()
                .asString()
                .contains("10.77.3.2 -> 10.77.1.2", "seen at hop3");
        assertThat(rep.segments).anyMatch(s -> s.from.equals("hop4") && s.to.equals("hop2"));
        assertThat(Files.readString(tmp.resolve("dead.jsonl"))).isEmpty();
    }

    @Test
    void aMergedPcapngNamesCapturePointsAfterItsInterfaces() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String hop : List.of("hop1", "hop2", "hop3", "hop4")) {
            files.add(SAMPLES.resolve("delay-40ms-fwd-r2-server").resolve(hop + ".pcap"));
        }
        Path merged =
                io.phalanx.jobs.replay.MergedPcapng.merge(
                        List.of("hop1", "hop2", "hop3", "hop4"),
                        files,
                        tmp.resolve("merged.pcapng"));
        Path report = tmp.resolve("report.json");
        Run r = run("replay", "--capture", merged.toString(), "--report", report.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("hop2 -> hop3", "Capture points");
        ReplayReport rep = ReportJson.read(report);
        assertThat(rep.capturePoints)
                .extracting(c -> c.id)
                .containsExactly("hop1", "hop2", "hop3", "hop4");
        ReplayReport.Segment delayed =
                rep.segments.stream()
                        .filter(s -> s.from.equals("hop2") && s.to.equals("hop3"))
                        .findFirst()
                        .orElseThrow();
        assertThat(delayed.latencyMs.p50).isCloseTo(40.425, within(1.0));
    }

    @Test
    void simulateThenReplayFindsTheInjectedDelay() throws Exception {
        Path out = tmp.resolve("sim");
        Run sim = run("simulate", "--scenario", "delay-30ms-hop2-hop3", "--out", out.toString());
        assertThat(sim.exit()).as(sim.err()).isZero();
        Path set = out.resolve("delay-30ms-hop2-hop3");
        assertThat(set.resolve("ground-truth.json")).exists();
        List<String> args =
                new ArrayList<>(
                        List.of("replay", "--quiet", "--report", tmp.resolve("r.json").toString()));
        for (String hop : List.of("hop1", "hop2", "hop3", "hop4")) {
            args.add("--capture");
            args.add(hop + "=" + set.resolve(hop + ".pcap"));
        }
        Run r = run(args.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isZero();
        ReplayReport rep = ReportJson.read(tmp.resolve("r.json"));
        ReplayReport.Segment delayed =
                rep.segments.stream()
                        .filter(s -> s.from.equals("hop2") && s.to.equals("hop3"))
                        .findFirst()
                        .orElseThrow();
        assertThat(delayed.latencyMs.p50).isCloseTo(30.0, within(1.0));
        assertThat(rep.incidents.get(0).diagnosis.hypotheses.get(0).cause).isEqualTo("LATENCY");
        Run unknown = run("simulate", "--scenario", "no-such-thing", "--out", out.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no-such-thing");
    }

    @Test
    void diagnosisThresholdsComeFromTheRulesFile() throws Exception {
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, "version: 1\nlatencyMs: 50   # this link may take 50 ms\n");
        Path report = tmp.resolve("r.json");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "replay",
                                "--quiet",
                                "--rules",
                                rules.toString(),
                                "--report",
                                report.toString()));
        args.addAll(captures("delay-40ms-fwd-r2-server"));
        Run r = run(args.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(ReportJson.read(report).incidents).as("40 ms is within a 50 ms rule").isEmpty();

        Files.writeString(rules, "version: 1\nlatencyMs: 5\nlossratio: 0.01\n");
        Run bad =
                run(
                        "replay",
                        "--rules",
                        rules.toString(),
                        "--capture",
                        "hop1=" + SAMPLES.resolve("baseline/hop1.pcap"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("rules.yaml:3: unknown rule 'lossratio'");
    }

    @Test
    void aMissingFileIsOneClearError() {
        Run r = run("replay", "--capture", "hop1=" + tmp.resolve("nope.pcap"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read capture file").contains("nope.pcap");
    }

    @Test
    void aFileThatIsNoCaptureFailsNamingTheFile() throws Exception {
        Path bogus = tmp.resolve("notes.pcap");
        Files.writeString(bogus, "this is not a capture file at all");
        Run r = run("replay", "--quiet", "--capture", "hop1=" + bogus);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("replay failed")
                .contains("notes.pcap")
                .contains("not a pcap or pcapng file");
    }

    @Test
    void badOptionsAreRejectedBeforeAnythingRuns() throws Exception {
        Path topology = tmp.resolve("t.json");
        Files.writeString(
                topology,
                "{\"paths\": [{\"from\": \"10.0.0.0/8\", \"to\": \"10.0.0.0/33\", \"capturePoints\": [\"hop1\"]}]}");
        Run r =
                run(
                        "replay",
                        "--capture",
                        "hop1=" + SAMPLES.resolve("baseline/hop1.pcap"),
                        "--topology",
                        topology.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("t.json: paths[0]").contains("prefix length out of range");
        Run w =
                run(
                        "replay",
                        "--capture",
                        "hop1=" + SAMPLES.resolve("baseline/hop1.pcap"),
                        "--match-window",
                        "soon");
        assertThat(w.err()).contains("--match-window wants a duration");
    }
}
