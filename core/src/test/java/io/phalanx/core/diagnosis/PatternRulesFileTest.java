package io.phalanx.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.incident.PatternRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code patterns:} section of the diagnosis rules file, validated with file:line errors. */
class PatternRulesFileTest {
    private static final String FILE =
            """
            version: 1
            latencyMs: 5
            patterns:
              kpiIntervalS: 10
              sustainIntervals: 3
              cpuSaturation: 0.85
              deployWindowS: 300
            """;

    @Test
    void thePatternsSectionSetsItsKeysAndTheRestKeepTheirDefaults() throws Exception {
        PatternRules r = DiagnosisRulesFile.parsePatterns(FILE, "rules.yaml");
        assertThat(r.kpiIntervalMs()).isEqualTo(10_000);
        assertThat(r.sustainIntervals()).isEqualTo(3);
        assertThat(r.cpuSaturation()).isEqualTo(0.85);
        assertThat(r.deployWindowS()).isEqualTo(300);
        assertThat(r.lossRatio()).isEqualTo(PatternRules.defaults().lossRatio());
        assertThat(DiagnosisRulesFile.parse(FILE, "rules.yaml").latencyMs())
                .as("the network rules read around the section")
                .isEqualTo(5);
        assertThat(DiagnosisRulesFile.parsePatterns("latencyMs: 5\n", "r.yaml"))
                .isEqualTo(PatternRules.defaults());
        assertThat(DiagnosisRulesFile.parsePatterns("", "r.yaml"))
                .isEqualTo(PatternRules.defaults());
    }

    @Test
    void unsetPatternThresholdsInheritTheNetworkRuleOfTheSameName() throws Exception {
        PatternRules r =
                DiagnosisRulesFile.parsePatterns(
                        "latencyMs: 50\nlossRatio: 0.02\npatterns:\n  lossRatio: 0.05\n", "r.yaml");
        assertThat(r.latencyMs()).isEqualTo(50);
        assertThat(r.lossRatio()).as("the section's own value wins").isEqualTo(0.05);
        assertThat(r.reorderRatio()).isEqualTo(PatternRules.defaults().reorderRatio());
    }

    @Test
    void errorsNameTheFileTheLineAndTheReason() {
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parsePatterns(
                                        "version: 1\npatterns:\n  lossRatio: 0.02\n  lossRatoi: 1\n",
                                        "r.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("r.yaml:4: unknown pattern rule 'lossRatoi'");
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parsePatterns(
                                        "patterns:\n  timeouts: 2.5\n", "r.yaml"))
                .hasMessageStartingWith(
                        "r.yaml:2: patterns.timeouts counts, so it must be a whole number");
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parsePatterns(
                                        "patterns:\n  deployWindowS: soon\n", "r.yaml"))
                .hasMessage(
                        "r.yaml:2: patterns.deployWindowS must be a positive number, not 'soon'");
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parsePatterns(
                                        "patterns:\n  kpiIntervalS: 5\n  cpuSaturation: 95\n",
                                        "r.yaml"))
                .hasMessageStartingWith("r.yaml:3: ")
                .hasMessageContaining("cpuSaturation at most 1");
        assertThatThrownBy(() -> DiagnosisRulesFile.parsePatterns("patterns: 5\n", "r.yaml"))
                .hasMessage("r.yaml:1: patterns must be a mapping of rule: value");
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parsePatterns(
                                        "patterns:\n  minPackets: 10\n  minPackets: 20\n",
                                        "r.yaml"))
                .hasMessage("r.yaml:3: patterns.minPackets is given twice");
    }

    @Test
    void theDocumentedExampleLoads() throws Exception {
        Path example = Path.of("..", "docs", "examples", "diagnosis-rules.yaml");
        assertThat(DiagnosisRulesFile.readPatterns(example)).isEqualTo(PatternRules.defaults());
        assertThat(DiagnosisRulesFile.read(example)).isEqualTo(DiagnosisRules.defaults());
    }
}
