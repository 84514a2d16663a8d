package io.phalanx.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.diagnosis.DiagnosisRulesFile;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.slo.PrioritizationRules;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloFileParser;
import io.phalanx.core.stitch.Topology;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example files in docs/examples load with the parsers that use them, and mean what they say.
 */
class ExampleFilesTest {
    private static final Path EXAMPLES =
            Path.of(System.getProperty("phalanx.repo.root", "..")).resolve("docs/examples");

    @Test
    void topologyDeclaresTheSampleChain() throws Exception {
        Topology t = Topology.read(EXAMPLES.resolve("topology.json"));
        t.validateAgainst(List.of("hop1", "hop2", "hop3", "hop4"));
        assertThat(t.pathFor(IpAddresses.parse("10.77.3.2"), IpAddresses.parse("10.77.1.2")))
                .contains(List.of("hop4", "hop3", "hop2", "hop1"));
    }

    @Test
    void diagnosisRulesAreTheDefaults() throws Exception {
        assertThat(DiagnosisRulesFile.read(EXAMPLES.resolve("diagnosis-rules.yaml")))
                .isEqualTo(DiagnosisRules.defaults());
    }

    @Test
    void sloAndPrioritisationFilesParse() throws Exception {
        List<SloDefinition> slos = SloFileParser.parse(EXAMPLES.resolve("slo-checkout.yaml"));
        assertThat(slos)
                .extracting(SloDefinition::name, SloDefinition::service)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("checkout-latency", "checkout"),
                        org.assertj.core.groups.Tuple.tuple("edge-segment-loss", "edge-network"));
        assertThat(slos.get(0).objective()).isEqualTo(0.999);
        PrioritizationRules rules =
                PrioritizationRules.parse(EXAMPLES.resolve("prioritization-rules.yaml"));
        assertThat(rules.version()).isEqualTo("2026-11-26.1");
        assertThat(rules.customerTiers()).containsEntry("internal", 0.0);
    }
}
