package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phalanx replay --metrics --logs --deploys} as a user runs it: a line that breaks the feed
 * contract is a dead letter naming the file, the feed and the line, and the rest is read; a side
 * file that cannot be read fails the run naming it.
 */
class ReplaySideFilesCommandITCase {
    private static final Path SAMPLES =
            Path.of(System.getProperty("phalanx.repo.root", ".."), "samples", "captures");

    @TempDir Path tmp;

    private static List<String> replay(String set, Path report) {
        List<String> args =
                new ArrayList<>(List.of("replay", "--quiet", "--report", report.toString()));
        for (String hop : new String[] {"hop1", "hop2", "hop3", "hop4"}) {
            args.add("--capture");
            args.add(hop + "=" + SAMPLES.resolve(set).resolve(hop + ".pcap"));
        }
        return args;
    }

    @Test
    void aBrokenSideFileLineIsADeadLetterAndTheRestIsRead() throws Exception {
        Path metrics =
                Files.write(
                        tmp.resolve("m.jsonl"),
                        List.of(
                                "# CPU of checkout",
                                "{\"v\":1,\"ts\":\"2026-11-26T14:58:45Z\",\"name\":\"cpu_utilization\",\"value\":0.4,\"labels\":{\"service\":\"checkout\",\"host\":\"checkout-1\"}}",
                                "{\"v\":1,\"ts\":\"2026-11-26T14:58:50Z\",\"value\":0.4}"));
        Path report = tmp.resolve("r.json");
        Path dead = tmp.resolve("dead.jsonl");
        List<String> args = replay("baseline", report);
        args.addAll(List.of("--metrics", metrics.toString(), "--dead-letters", dead.toString()));
        ReplayCommandITCase.Run run = ReplayCommandITCase.run(args.toArray(new String[0]));
        assertThat(run.exit()).as(run.err()).isZero();
        ReplayReport r = ReportJson.read(report);
        assertThat(r.deadLetters.count).isEqualTo(1);
        assertThat(r.deadLetters.sample.get(0)).contains("m.jsonl").contains("line 3");
        assertThat(Files.readString(dead)).contains("metrics").contains("line 3");
        assertThat(r.incidents).as("the baseline with calm metrics has no incident").isEmpty();
    }

    @Test
    void aSideFileThatCannotBeReadFailsTheRunNamingIt() {
        List<String> args = replay("baseline", tmp.resolve("r.json"));
        args.addAll(List.of("--deploys", tmp.resolve("missing.jsonl").toString()));
        ReplayCommandITCase.Run run = ReplayCommandITCase.run(args.toArray(new String[0]));
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("cannot read side file").contains("missing.jsonl");
    }
}
