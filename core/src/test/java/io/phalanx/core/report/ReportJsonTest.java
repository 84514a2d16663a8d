package io.phalanx.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest extends ReportTestBase {

    @TempDir Path tmp;

    @Test
    void writeCreatesParentDirectoriesAndReadGivesBackAnEqualReport() throws Exception {
        ReplayReport original = delayScenario();
        Path file = tmp.resolve("out/nested/report.json");

        ReportJson.write(original, file);
        ReplayReport back = ReportJson.read(file);

        assertThat(back).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void doublesKeepFullPrecision() throws Exception {
        ReplayReport original = delayScenario();
        original.segments.get(1).latencyMs.p50 = 40.425123456789012;

        ReplayReport back = ReportJson.fromJson(ReportJson.toJson(original));

        // Exact equality on purpose: rounding belongs to SummaryTable, not to the JSON contract.
        assertThat(back.segments.get(1).latencyMs.p50).isEqualTo(40.425123456789012);
    }

    @Test
    void jsonIsPrettyPrintedInContractOrderAndOmitsAbsentValues() throws Exception {
        ReplayReport report = delayScenario();
        Path file = tmp.resolve("report.json");
        ReportJson.write(report, file);

        String json = Files.readString(file);

        assertThat(json.lines().limit(3))
                .containsExactly(
                        "{",
                        "  \"schema\" : \"phalanx-replay-report/1\",",
                        "  \"generatedBy\" : \"phalanx 0.1.0-SNAPSHOT\",");
        // Top-level keys (two-space indent) in the order of ReplayReport's @JsonPropertyOrder.
        assertThat(json)
                .containsSubsequence(
                        "\n  \"capturePoints\"",
                        "\n  \"paths\"",
                        "\n  \"segments\"",
                        "\n  \"conversations\"",
                        "\n  \"totals\"",
                        "\n  \"deadLetters\"");
        // The UDP stream has no handshake: rttMs is left out rather than written as null.
        assertThat(json).doesNotContain("null");
        assertThat(json).endsWith("}" + System.lineSeparator());
    }

    @Test
    void readIgnoresFieldsAddedByLaterVersions() throws Exception {
        String json =
                """
                {
                  "schema" : "phalanx-replay-report/1",
                  "incidents" : [ { "id" : "i1" } ],
                  "capturePoints" : [ { "id" : "hop1", "packets" : 5, "clockOffsetMs" : 0.25,
                                        "clockOffsetMethod" : "reference", "driftPpm" : 3 } ]
                }
                """;

        ReplayReport report = ReportJson.fromJson(json);

        assertThat(report.capturePoints)
                .singleElement()
                .satisfies(
                        cp -> {
                            assertThat(cp.id).isEqualTo("hop1");
                            assertThat(cp.packets).isEqualTo(5);
                            assertThat(cp.clockOffsetMs).isEqualTo(0.25);
                            assertThat(cp.clockOffsetMethod).isEqualTo("reference");
                        });
    }
}
