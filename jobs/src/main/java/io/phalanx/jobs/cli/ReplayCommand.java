package io.phalanx.jobs.cli;

import io.phalanx.core.diagnosis.DiagnosisRulesFile;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.core.report.SummaryTable;
import io.phalanx.core.stitch.Topology;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.jobs.replay.ReplayJobOptions;
import io.phalanx.jobs.replay.ReplayOptions;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx replay}: runs the replay job on an embedded Flink MiniCluster. */
@Command(
        name = "replay",
        defaultValueProvider = ReplayCommand.JobDefaults.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Stitch multi-hop captures and report latency, loss, paths and incidents.",
            "",
            "Captures of the same traffic taken at several capture points are stitched into",
            "conversations; each segment gets its one-way latency, loss and reordering, paths and",
            "clock offsets are found, and a diagnosis names what is wrong. Runs an embedded Flink",
            "MiniCluster; the same job runs on a cluster (io.phalanx.jobs.replay.ReplayJob)."
        },
        footer = {
            "",
            "Example:",
            "  phalanx replay --capture hop1=a.pcap --capture hop2=b.pcap --report out/report.json"
        })
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--capture",
            required = true,
            paramLabel = "ID=FILE|FILE",
            description = {
                "A capture file and the capture point it was taken at (repeat per file).",
                "A bare FILE (pcapng) names capture points after its interfaces."
            })
    List<String> captures = new ArrayList<>();

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Write the JSON report here (parent directories are created).")
    Path report;

    @Option(
            names = "--topology",
            paramLabel = "FILE",
            description = {
                "Declared paths (JSON, see README); without it every path is discovered from the data."
            })
    Path topology;

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            description = "Diagnosis thresholds (YAML, see README); the built-in defaults without.")
    Path rules;

    @picocli.CommandLine.Mixin SideFeedOptions sideFeeds = new SideFeedOptions();

    @picocli.CommandLine.Mixin SloCliOptions slo = new SloCliOptions();

    @Option(
            names = "--dead-letters",
            paramLabel = "FILE",
            description =
                    "Write every unusable record (file, capture point, offset, reason) here as JSON lines.")
    Path deadLetters;

    @Option(
            names = "--match-window",
            paramLabel = "DURATION",
            description =
                    "Longest time between a packet's sightings at the first and last capture point, clock skew included (default: ${DEFAULT-VALUE}).")
    String matchWindow;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            description = "A conversation idle this long is finished (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(
            names = "--out-of-orderness",
            paramLabel = "DURATION",
            description =
                    "How far timestamps may run backwards inside one file (default: ${DEFAULT-VALUE}).")
    String outOfOrderness;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of the stitching operator (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--state-backend",
            defaultValue = "rocksdb",
            description = "Keyed state backend: rocksdb or hashmap (default: ${DEFAULT-VALUE}).")
    String stateBackend;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            description = "Take checkpoints at this interval (off by default for a replay).")
    String checkpointInterval;

    @Option(
            names = "--max-conversations",
            description =
                    "Conversation rows listed in the report; all are analysed (default: ${DEFAULT-VALUE}).")
    int maxConversations;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description =
                    "A Flink configuration option for the embedded cluster (repeatable), e.g."
                            + " -D state.backend.rocksdb.timer-service.factory=HEAP.")
    java.util.Map<String, String> flinkOptions = new java.util.LinkedHashMap<>();

    @Option(
            names = {"-q", "--quiet"},
            description = "Print no progress and no summary table.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        List<CaptureInput> inputs = new ArrayList<>();
        long totalBytes = 0;
        for (String spec : captures) {
            int eq = spec.indexOf('=');
            String id = eq > 0 ? spec.substring(0, eq) : null;
            Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read capture file " + file);
            }
            totalBytes += Files.size(file);
            if (id == null) {
                inputs.add(new CaptureInput(null, file, InterfaceNames.of(file)));
            } else {
                if (!id.matches("[A-Za-z0-9_.:-]+")) {
                    throw new IllegalArgumentException(
                            "capture point id '" + id + "' may only use letters, digits and _.:-");
                }
                inputs.add(CaptureInput.at(id, file));
            }
        }
        ReplayOptions options =
                new ReplayOptions(
                        inputs,
                        Durations.parse(matchWindow, "--match-window"),
                        Durations.parse(idleTimeout, "--idle-timeout"),
                        Durations.parse(outOfOrderness, "--out-of-orderness"),
                        maxConversations,
                        topology == null ? null : Topology.read(topology),
                        deadLetters,
                        rules == null ? null : DiagnosisRulesFile.read(rules),
                        sideFeeds.toOptions(rules),
                        slo.toOptions(sideFeeds.metrics()));
        if (!stateBackend.equals("rocksdb") && !stateBackend.equals("hashmap")) {
            throw new IllegalArgumentException(
                    "--state-backend is rocksdb or hashmap, not " + stateBackend);
        }
        Path checkpoints = Files.createTempDirectory("phalanx-checkpoints");
        Configuration conf = ReplayJob.embeddedConfiguration(stateBackend, checkpoints);
        flinkOptions.forEach(conf::setString);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        if (checkpointInterval != null) {
            env.enableCheckpointing(
                    Durations.parse(checkpointInterval, "--checkpoint-interval").toMillis());
        }
        if (!quiet) {
            err.printf(
                    "phalanx replay: %d capture file(s), %.1f MB, capture points %s%n",
                    inputs.size(), totalBytes / 1e6, options.capturePoints());
        }
        long start = System.nanoTime();
        io.phalanx.connectors.pcap.ReadProgress.reset();
        String json;
        try (CloseableIterator<String> results = ReplayJob.build(env, options).collectAsync()) {
            CompletableFuture<JobExecutionResult> run =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return env.execute("phalanx replay");
                                } catch (Exception e) {
                                    throw new CompletionException(e);
                                }
                            });
            Progress progress = quiet ? null : new Progress(err, totalBytes, start);
            while (!run.isDone()) {
                if (progress != null) {
                    progress.print();
                }
                Thread.sleep(200);
            }
            try {
                run.join();
            } catch (CompletionException e) {
                throw new ReplayFailedException(PhalanxCli.deepestMessage(e));
            }
            if (!results.hasNext()) {
                throw new ReplayFailedException("the replay job ended without a report");
            }
            json = results.next();
            if (progress != null) {
                progress.done();
            }
        } finally {
            deleteRecursively(checkpoints);
        }
        ReplayReport r = ReportJson.fromJson(json);
        r.generatedBy = "phalanx replay " + String.join(" ", captures);
        if (report != null) {
            ReportJson.write(r, report);
        }
        if (!quiet) {
            System.out.println(SummaryTable.render(r));
            if (report != null) {
                err.println("report written to " + report);
            }
        }
        return 0;
    }

    /** The job's own defaults ({@link ReplayJobOptions}), so the CLI and a cluster agree. */
    static final class JobDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--match-window" ->
                        TimeUtils.formatWithHighestUnit(
                                ReplayJobOptions.MATCH_WINDOW.defaultValue());
                case "--idle-timeout" ->
                        TimeUtils.formatWithHighestUnit(
                                ReplayJobOptions.IDLE_TIMEOUT.defaultValue());
                case "--out-of-orderness" ->
                        TimeUtils.formatWithHighestUnit(
                                ReplayJobOptions.OUT_OF_ORDERNESS.defaultValue());
                case "--max-conversations" ->
                        String.valueOf(ReplayJobOptions.MAX_CONVERSATIONS.defaultValue());
                default -> null;
            };
        }
    }

    /** The job failed; the message names the root cause. */
    static final class ReplayFailedException extends RuntimeException {
        ReplayFailedException(String message) {
            super("replay failed: " + message);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Progress on stderr: bytes read so far by the capture readers of this JVM. */
    private static final class Progress {
        private final PrintStream err;
        private final long totalBytes;
        private final long start;
        private final boolean tty = System.console() != null;
        private long lastPrint;

        Progress(PrintStream err, long totalBytes, long start) {
            this.err = err;
            this.totalBytes = totalBytes;
            this.start = start;
        }

        void print() {
            long now = System.nanoTime();
            if (!tty && now - lastPrint < 5_000_000_000L) {
                return;
            }
            lastPrint = now;
            long read = io.phalanx.connectors.pcap.ReadProgress.bytesRead();
            long packets = io.phalanx.connectors.pcap.ReadProgress.packetsRead();
            String line =
                    String.format(
                            "reading: %3.0f%% of %.1f MB, %,d packets, %.1f s",
                            totalBytes == 0 ? 100 : 100.0 * Math.min(read, totalBytes) / totalBytes,
                            totalBytes / 1e6,
                            packets,
                            (now - start) / 1e9);
            if (tty) {
                err.print("\r" + line);
            } else {
                err.println(line);
            }
        }

        void done() {
            if (tty) {
                err.print("\r");
            }
            err.printf(
                    "done: %,d packets in %.1f s%n",
                    io.phalanx.connectors.pcap.ReadProgress.packetsRead(),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
