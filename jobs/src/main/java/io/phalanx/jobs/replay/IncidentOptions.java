package io.phalanx.jobs.replay;

import io.phalanx.core.incident.LlmNarrator;
import io.phalanx.core.incident.PatternRules;
import java.nio.file.Path;

/**
 * The incident part of a replay: side files (JSON Lines, formats in docs/TOPICS.md) whose
 * timestamps line up with the captures, the pattern thresholds (the {@code patterns:} section of
 * the rules file) and the optional LLM narrator.
 *
 * @param metrics metric samples ({@code --metrics}), or null
 * @param logs log records ({@code --logs}), or null
 * @param deploys deploy events ({@code --deploys}), or null
 * @param patterns thresholds and windows of the incident patterns; null for the defaults
 * @param llm the OpenAI-compatible endpoint that rewrites narratives, or null (deterministic text)
 */
public record IncidentOptions(
        Path metrics, Path logs, Path deploys, PatternRules patterns, LlmNarrator.Config llm) {

    public IncidentOptions {
        if (patterns == null) {
            patterns = PatternRules.defaults();
        }
    }

    /** No side files, default patterns, no LLM. */
    public static IncidentOptions none() {
        return new IncidentOptions(null, null, null, null, null);
    }
}
