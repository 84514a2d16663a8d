package io.phalanx.jobs.cli;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.jobs.slo.SloOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The replay's SLO options, a picocli mixin: SLO files, the business-impact side file and the
 * prioritisation rules. The metric samples are the replay's {@code --metrics} file (shared with the
 * incident patterns). Every file is read and validated before the job starts; an unusable SLO or
 * rules file stops the replay with {@code file:line: reason}.
 */
public class SloCliOptions {
    @Option(
            names = "--slo",
            paramLabel = "FILE",
            description = {
                "SLO definitions, OpenSLO v1 YAML (repeatable; see core/README.md, \"SLO files\").",
                "Good/total counters come from --metrics; the report gets slos[] and ranked incidents."
            })
    List<Path> sloFiles = new ArrayList<>();

    @Option(
            names = "--impact",
            paramLabel = "FILE",
            description =
                    "Business impact per service, JSON Lines (docs/TOPICS.md); without it the impact"
                            + " declared in the SLO files.")
    Path impact;

    @Option(
            names = "--prioritization",
            paramLabel = "FILE",
            description =
                    "Incident prioritisation rules (YAML, docs/examples/prioritization-rules.yaml);"
                            + " that example's values without.")
    Path prioritization;

    @Option(
            names = "--incident-close-after",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description =
                    "An SLO incident leaves the ranking once no alert of its SLO has fired for this"
                            + " long (default: ${DEFAULT-VALUE}).")
    String incidentCloseAfter;

    /** Reads and validates the files; {@code metrics} is the replay's {@code --metrics} file. */
    public SloOptions toOptions(Path metrics) throws ConfigFileException, IOException {
        for (Path p : new Path[] {impact, prioritization}) {
            if (p != null && (!Files.isRegularFile(p) || !Files.isReadable(p))) {
                throw new IllegalArgumentException("cannot read " + p);
            }
        }
        return SloOptions.load(
                sloFiles,
                prioritization,
                metrics,
                impact,
                Durations.parse(incidentCloseAfter, "--incident-close-after"));
    }
}
