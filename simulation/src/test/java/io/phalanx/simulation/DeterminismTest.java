package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Same scenario and seed, same bytes; another seed, other packets. */
class DeterminismTest extends SimulationTestBase {
    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(
            value = Scenario.class,
            names = {"LOSS_2PCT_HOP1_HOP2", "CONGESTION_HOP2_HOP3", "REORDER_HOP3_HOP4"})
    void theSameSeedGivesByteIdenticalFiles(Scenario scenario) throws IOException {
        Simulate.GeneratedSet first = generate(scenario, 42, "first");
        Simulate.GeneratedSet second = generate(scenario, 42, "second");
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            assertThat(Files.readAllBytes(second.pcaps().get(cp)))
                    .as("%s of %s", cp, scenario.id())
                    .isEqualTo(Files.readAllBytes(first.pcaps().get(cp)));
        }
        assertThat(Files.readAllBytes(second.pcapng()))
                .isEqualTo(Files.readAllBytes(first.pcapng()));
        assertThat(Files.readString(second.groundTruth()))
                .isEqualTo(Files.readString(first.groundTruth()));
    }

    @Test
    void anotherSeedGivesOtherTimestampsIpIdsAndSequenceNumbers() throws IOException {
        Simulate.GeneratedSet a = generate(Scenario.LOSS_2PCT_HOP1_HOP2, 42, "a");
        Simulate.GeneratedSet b = generate(Scenario.LOSS_2PCT_HOP1_HOP2, 43, "b");
        var ra = records(a, "hop2");
        var rb = records(b, "hop2");
        assertThat(Files.readAllBytes(b.pcaps().get("hop2")))
                .isNotEqualTo(Files.readAllBytes(a.pcaps().get("hop2")));
        // Not just a shifted copy: the IP IDs and the set of lost packets differ too.
        assertThat(rb.get(0).ipId()).isNotEqualTo(ra.get(0).ipId());
        assertThat(b.captureSet().drops()).isNotEqualTo(a.captureSet().drops());
    }

    @Test
    void aPacketsFateDoesNotDependOnUnrelatedFlows() throws IOException {
        // Draws are keyed by (seed, flow, direction, send ordinal, stretch): the ping flow is
        // flow 0 in every scenario, so with one seed its IP IDs are the same whatever else runs.
        Simulate.GeneratedSet base = generate(Scenario.BASELINE, 5, "base");
        Simulate.GeneratedSet congested = generate(Scenario.CONGESTION_HOP2_HOP3, 5, "congested");
        var pingsBase =
                records(base, "hop1").stream()
                        .filter(r -> r.proto() == 1)
                        .map(PcapRecord::ipId)
                        .toList();
        var pingsCongested =
                records(congested, "hop1").stream()
                        .filter(r -> r.proto() == 1)
                        .map(PcapRecord::ipId)
                        .toList();
        assertThat(pingsBase).hasSize(10).isEqualTo(pingsCongested);
    }

    private Simulate.GeneratedSet generate(Scenario s, long seed, String dir) throws IOException {
        return Simulate.GeneratedSet.generate(s, seed, 0.5, tmp.resolve(dir), true);
    }
}
