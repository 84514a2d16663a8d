package io.phalanx.core.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import org.junit.jupiter.api.Test;

class DiagnosisRulesFileTest {
    @Test
    void missingKeysKeepTheirDefaults() throws Exception {
        DiagnosisRules r =
                DiagnosisRulesFile.parse(
                        "version: 1\nlatencyMs: 20\nlossRatio: 0.01\n", "rules.yaml");
        assertThat(r.latencyMs()).isEqualTo(20);
        assertThat(r.lossRatio()).isEqualTo(0.01);
        assertThat(r.reorderRatio()).isEqualTo(DiagnosisRules.defaults().reorderRatio());
        assertThat(DiagnosisRulesFile.parse("", "empty.yaml")).isEqualTo(DiagnosisRules.defaults());
    }

    @Test
    void errorsNameTheFileTheLineAndTheReason() {
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parse(
                                        "version: 1\nlatencyMs: 5\nlatencyMS: 9\n", "r.yaml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("r.yaml:3: unknown rule 'latencyMS'");
        assertThatThrownBy(() -> DiagnosisRulesFile.parse("lossRatio: lots\n", "r.yaml"))
                .hasMessage("r.yaml:1: lossRatio must be a positive number, not 'lots'");
        assertThatThrownBy(() -> DiagnosisRulesFile.parse("lossRatio: -1\n", "r.yaml"))
                .hasMessageStartingWith("r.yaml:1: lossRatio must be a positive number");
        assertThatThrownBy(() -> DiagnosisRulesFile.parse("version: 2\n", "r.yaml"))
                .hasMessage("r.yaml:1: only version 1 is known");
        assertThatThrownBy(
                        () ->
                                DiagnosisRulesFile.parse(
                                        "latencyMs: 2\ninnocentLatencyMs: 3\n", "r.yaml"))
                .hasMessageStartingWith("r.yaml:2: a segment cannot be cleared");
        assertThatThrownBy(() -> DiagnosisRulesFile.parse("- 1\n- 2\n", "r.yaml"))
                .hasMessage("r.yaml:1: expected a mapping of rule: value");
    }
}
