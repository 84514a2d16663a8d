package io.phalanx.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation across SLO files and rules at start, and the built-in rules. */
class SloCatalogTest extends SloJobTestBase {
    static final Path REPO = Path.of(System.getProperty("phalanx.repo.root", ".."));

    @TempDir Path tmp;

    @Test
    void theBuiltInRulesAreTheDocumentedExample() throws Exception {
        assertThat(SloCatalog.defaultRulesYaml())
                .isEqualTo(
                        Files.readString(REPO.resolve("docs/examples/prioritization-rules.yaml")));
    }

    @Test
    void theExampleFilesLoadWithTheirSliSources() throws Exception {
        SloCatalog c =
                SloCatalog.load(
                        List.of(REPO.resolve("docs/examples/slo-checkout.yaml")),
                        REPO.resolve("docs/examples/prioritization-rules.yaml"));
        assertThat(c.sliSources())
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("MetricCounters", "PhalanxKpi");
        SliSource.PhalanxKpi kpi = (SliSource.PhalanxKpi) c.sliSources().get(1);
        assertThat(kpi.kpi()).isEqualTo("segment_loss_ratio");
        assertThat(List.of(kpi.from(), kpi.to())).containsExactly("edge-fw-in", "lb-in");
        assertThat(kpi.threshold()).isEqualTo(0.001);
        assertThat(c.rules().version()).isEqualTo("2026-11-26.1");
    }

    @Test
    void anSloDefinedInTwoFilesIsRejectedWhereItIsDefinedAgain() throws Exception {
        Path a = tmp.resolve("a.yaml");
        Path b = tmp.resolve("b.yaml");
        Files.writeString(a, availabilitySlo("api", "api", 10, "{customerTier: internal}"));
        Files.writeString(
                b,
                availabilitySlo("web", "web", 10, "{customerTier: internal}")
                        + "---\n"
                        + availabilitySlo("api", "api", 10, "{customerTier: internal}"));
        int line = Files.readAllLines(b).lastIndexOf("  name: api") + 1;
        assertThatThrownBy(() -> SloCatalog.load(List.of(a, b), null))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage(b + ":" + line + ": SLO 'api' is already defined in " + a);
    }

    @Test
    void aCustomerTierTheRulesDoNotKnowIsRejected() throws Exception {
        Path a = tmp.resolve("a.yaml");
        Files.writeString(a, availabilitySlo("api", "api", 10, "{customerTier: platinum}"));
        int line = Files.readAllLines(a).indexOf("    impact: {customerTier: platinum}") + 1;
        assertThat(line).isPositive();
        assertThatThrownBy(() -> SloCatalog.load(List.of(a), null))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(
                        a + ":" + line + ": api: customer tier 'platinum' is not in");
    }
}
