package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SloFileParserTest extends SloTestBase {

    @Test
    void readsBothDocumentsOfTheExampleFile() throws ConfigFileException {
        List<SloDefinition> slos =
                SloFileParser.parse(resource("slo/checkout-latency.yaml"), "checkout-latency.yaml");

        assertThat(slos)
                .extracting(SloDefinition::name)
                .containsExactly("checkout-latency", "edge-segment-loss");
        SloDefinition checkout = slos.get(0);
        assertThat(checkout.service()).isEqualTo("checkout");
        assertThat(checkout.objective()).isEqualTo(0.999);
        assertThat(checkout.window()).isEqualTo(Duration.ofDays(28));
        assertThat(checkout.indicator().name()).isEqualTo("checkout-requests-under-200ms");
        assertThat(checkout.indicator().good().query()).contains("le=\"0.2\"");
        assertThat(checkout.indicator().total().type()).isEqualTo("Prometheus");
        // No burnRateAlerts given: the Workbook's pairs, with the file's low-traffic floor.
        assertThat(checkout.alerting().rules())
                .containsExactly(
                        BurnRateAlertRule.workbookFastPage(),
                        BurnRateAlertRule.workbookSlowPage(),
                        BurnRateAlertRule.workbookTicket());
        assertThat(checkout.alerting().minimumEvents()).isEqualTo(100);
        assertThat(checkout.impact()).isEqualTo(new ServiceImpact(2400, "enterprise", 250_000));

        SloDefinition loss = slos.get(1);
        assertThat(loss.indicator().good().type()).isEqualTo("Phalanx");
        assertThat(loss.window()).isEqualTo(Duration.ofDays(30));
        assertThat(loss.alerting().rules())
                .containsExactly(
                        new BurnRateAlertRule(
                                "page-fast",
                                BurnRateAlertRule.Severity.PAGE,
                                Duration.ofHours(1),
                                Duration.ofMinutes(5),
                                14.4),
                        new BurnRateAlertRule(
                                "ticket-slow",
                                BurnRateAlertRule.Severity.TICKET,
                                Duration.ofDays(1),
                                Duration.ofHours(2),
                                3));
        assertThat(loss.impact()).isEqualTo(new ServiceImpact(0, "internal", 40));
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                Arguments.of(
                        "wrong-api-version.yaml",
                        1,
                        "apiVersion must be openslo/v1, got 'openslo/v2alpha'"),
                Arguments.of(
                        "target-as-percent.yaml",
                        16,
                        "spec.objectives[0].target must be a ratio strictly between 0 and 1 (0.999 for 99.9 %), got 99.9"),
                Arguments.of(
                        "calendar-window.yaml",
                        13,
                        "spec.timeWindow[0] must be rolling (isRolling: true)"),
                Arguments.of(
                        "misspelt-key.yaml", 18, "unknown field 'minimumEvent' in spec.x-phalanx"),
                Arguments.of(
                        "short-window-not-shorter.yaml",
                        19,
                        "must be positive and shorter than the long window"),
                Arguments.of("broken-yaml.yaml", 5, "not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void rejectsInvalidFileWithLineAndReason(String file, int line, String reason) {
        assertThatThrownBy(() -> SloFileParser.parse(resource("slo/invalid/" + file), file))
                .isInstanceOfSatisfying(
                        ConfigFileException.class,
                        e -> {
                            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                            assertThat(e.reason()).contains(reason);
                            assertThat(e.getMessage()).startsWith(file + ":" + line + ": ");
                        });
    }

    private static final String MINIMAL =
            """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: api
            spec:
              service: api
              indicator:
                spec:
                  ratioMetric:
                    good: {metricSource: {type: Prometheus, spec: {query: good}}}
                    total: {metricSource: {type: Prometheus, spec: {query: total}}}
              timeWindow:
                - duration: 30d
                  isRolling: true
              objectives:
                - target: 0.99
            """;

    static Stream<Arguments> invalidVariants() {
        return Stream.of(
                Arguments.of("kind: SLO", "kind: SLI", 2, "kind must be SLO"),
                Arguments.of(
                        "  name: api", "  name: Api_1", 4, "metadata.name must be a DNS label"),
                Arguments.of("  service: api\n", "", 5, "spec.service is required"),
                Arguments.of(
                        "good: {",
                        "bad: {",
                        10,
                        "spec.indicator.spec.ratioMetric.bad is not supported"),
                Arguments.of(
                        "duration: 30d",
                        "duration: 30 days",
                        13,
                        "must be a positive duration like 5m, 1h, 28d or 2w, got '30 days'"),
                Arguments.of(
                        "    - target: 0.99",
                        "    - target: 0.99\n    - target: 0.999",
                        15,
                        "spec.objectives must have exactly one entry, got 2"),
                Arguments.of(
                        "  service: api",
                        "  service: api\n  service: web",
                        7,
                        "duplicate key 'service'"),
                Arguments.of(
                        "    - target: 0.99",
                        "    - target: 0.99\n  x-phalanx:\n    minimumEvents: 0",
                        18,
                        "minimumEvents must be a whole number >= 1"),
                Arguments.of(
                        "    - target: 0.99",
                        "    - target: 0.99\n  x-phalanx:\n    bucket: 7m",
                        17,
                        "SLO window PT720H is not a positive whole number of PT7M buckets"),
                Arguments.of(
                        "    - target: 0.99",
                        "    - target: 0.99\n  x-phalanx:\n    burnRateAlerts:\n      - {name: p, severity: urgent, longWindow: 1h, shortWindow: 5m, burnRate: 14.4}",
                        19,
                        "severity must be page or ticket, got 'urgent'"),
                Arguments.of(
                        "    - target: 0.99",
                        "    - target: 0.99\n  x-phalanx:\n    burnRateAlerts:\n      - {name: p, severity: page, longWindow: 60d, shortWindow: 5m, burnRate: 14.4}",
                        17,
                        "long window PT1440H exceeds the SLO window PT720H"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("invalidVariants")
    void rejectsEditedMinimalFile(String original, String replacement, int line, String reason) {
        assertThat(MINIMAL).contains(original);
        String yaml = MINIMAL.replace(original, replacement);

        assertThatThrownBy(() -> SloFileParser.parse(yaml, "api.yaml"))
                .isInstanceOfSatisfying(
                        ConfigFileException.class,
                        e -> {
                            assertThat(e.reason()).contains(reason);
                            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                        });
    }

    @Test
    void acceptsTheMinimalFileTheVariantsAreEditedFrom() throws ConfigFileException {
        SloDefinition slo = SloFileParser.parse(MINIMAL, "api.yaml").get(0);

        assertThat(slo.alerting()).isEqualTo(SloDefinition.AlertPolicy.workbookDefaults());
        assertThat(slo.impact()).isEqualTo(ServiceImpact.none());
    }

    @Test
    void rejectsTheSameSloNameTwice() {
        assertThatThrownBy(() -> SloFileParser.parse(MINIMAL + "---\n" + MINIMAL, "api.yaml"))
                .isInstanceOfSatisfying(
                        ConfigFileException.class,
                        e -> {
                            assertThat(e.reason())
                                    .isEqualTo("SLO 'api' is already defined at line 1");
                            assertThat(e.line()).isEqualTo(18);
                        });
    }
}
