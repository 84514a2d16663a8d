package io.phalanx.jobs.cli;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.diagnosis.DiagnosisRulesFile;
import io.phalanx.core.incident.LlmNarrator;
import io.phalanx.jobs.replay.IncidentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The replay's side files for cross-domain incidents ({@code --metrics}, {@code --logs}, {@code
 * --deploys}; JSON Lines as documented in docs/TOPICS.md), a picocli mixin. The pattern rules come
 * from the {@code patterns:} section of the {@code --rules} file; the LLM narrator from {@code
 * PHALANX_LLM_URL} / {@code PHALANX_LLM_MODEL} / {@code PHALANX_LLM_API_KEY} (off without a URL).
 */
public class SideFeedOptions {
    @Option(
            names = "--metrics",
            paramLabel = "FILE",
            description =
                    "Metric samples, JSON Lines (docs/TOPICS.md), for cross-domain incidents.")
    Path metrics;

    @Option(
            names = "--logs",
            paramLabel = "FILE",
            description = "Log records, JSON Lines (docs/TOPICS.md), for cross-domain incidents.")
    Path logs;

    @Option(
            names = "--deploys",
            paramLabel = "FILE",
            description = "Deploy events, JSON Lines (docs/TOPICS.md), for cross-domain incidents.")
    Path deploys;

    /** The metrics file, for other features that read the same feed (SLOs). */
    public Path metrics() {
        return metrics;
    }

    /**
     * Checks the files are readable and reads the pattern rules from {@code rules} (or defaults).
     */
    public IncidentOptions toOptions(Path rules) throws ConfigFileException {
        for (Path p : new Path[] {metrics, logs, deploys}) {
            if (p != null && (!Files.isRegularFile(p) || !Files.isReadable(p))) {
                throw new IllegalArgumentException("cannot read side file " + p);
            }
        }
        return new IncidentOptions(
                metrics,
                logs,
                deploys,
                rules == null ? null : DiagnosisRulesFile.readPatterns(rules),
                LlmNarrator.Config.fromEnvironment(System.getenv()));
    }
}
