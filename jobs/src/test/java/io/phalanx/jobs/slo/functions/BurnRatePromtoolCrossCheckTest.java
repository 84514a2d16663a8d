package io.phalanx.jobs.slo.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.slo.SloEvaluator;
import io.phalanx.core.slo.SloStatus;
import io.phalanx.jobs.slo.SliSource;
import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.SloJobTestBase;
import io.phalanx.jobs.slo.records.AlertTransition;
import io.phalanx.jobs.slo.records.MetricPoint;
import io.phalanx.jobs.slo.records.SliEvent;
import io.phalanx.jobs.slo.records.SloStatusRecord;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink operators against the peers on the same SLI series: core's {@link SloEvaluator} (itself
 * checked against promtool in core's {@code PromtoolCrossCheckTest}) and Prometheus directly.
 *
 * <p>The series is core's: twelve hours of per-minute good/total counters generated from the same
 * seed and phases, here as two counter series in the metrics feed ({@code code="200"} and {@code
 * code="500"}) going through {@link SliEventExtractor} and {@link SloBurnRateEvaluator} with a
 * watermark at every minute. Tolerance: none. Against core every burn rate, budget and alert state
 * must be bit-identical (same integer counts, same arithmetic); against promtool the file carries
 * Java's doubles exactly and every window ends and starts on a sample, so {@code increase()} is the
 * exact bucket sum (see core's test for the Prometheus 2.x range semantics this relies on).
 * promtool must be on the PATH (Debian package {@code prometheus}); the test fails without it.
 */
class BurnRatePromtoolCrossCheckTest extends SloJobTestBase {
    private static final long SEED = 20261126L;
    private static final int MINUTES = 12 * 60;
    private static final int[] PHASE_START = {0, 240, 480, 540, 580};
    private static final double[] PHASE_ERROR_RATIO = {0.0005, 0.012, 0.0005, 0.03, 0.0005};
    private static final List<Duration> WINDOWS =
            List.of(
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(30),
                    Duration.ofHours(1),
                    Duration.ofHours(6));
    private static final String SLO = "checkout";

    static final String SLO_YAML =
            """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout
            spec:
              service: checkout
              indicator:
                spec:
                  ratioMetric:
                    good:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: phalanx_sli_total{slo="checkout",code="200"}
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(phalanx_sli_total{slo="checkout"})
              timeWindow:
                - duration: 1d
                  isRolling: true
              objectives:
                - target: 0.999
              x-phalanx:
                minimumEvents: 10
                burnRateAlerts:
                  - name: page-1h-5m
                    severity: page
                    longWindow: 1h
                    shortWindow: 5m
                    burnRate: 14.4
                  - name: page-6h-30m
                    severity: page
                    longWindow: 6h
                    shortWindow: 30m
                    burnRate: 6
            """;

    private static Path promtool;

    @TempDir Path dir;

    @BeforeAll
    static void findPromtool() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "promtool"))) {
                promtool = Path.of(d, "promtool");
            }
        }
        assertThat(promtool).as("promtool on the PATH (apt-get install prometheus)").isNotNull();
    }

    /** Core's generator, unchanged: per-minute totals and bad counts from the seed. */
    static long[][] series() {
        SplittableRandom random = new SplittableRandom(SEED);
        long[] total = new long[MINUTES];
        long[] bad = new long[MINUTES];
        for (int segment = 0; segment < MINUTES / 10; segment++) {
            long perMinute = random.nextLong(600, 1401);
            int phase = 0;
            while (phase + 1 < PHASE_START.length && segment * 10 >= PHASE_START[phase + 1]) {
                phase++;
            }
            double ratio = PHASE_ERROR_RATIO[phase] * random.nextDouble(0.8, 1.2);
            for (int m = segment * 10; m < segment * 10 + 10; m++) {
                total[m] = perMinute;
                bad[m] = Math.round(perMinute * ratio);
            }
        }
        return new long[][] {total, bad};
    }

    record Run(List<SloStatusRecord> statuses, List<AlertTransition> transitions) {}

    /** The two operators, chained by hand, a watermark at every minute boundary. */
    static Run flink(long[][] series) throws Exception {
        SloCatalog catalog =
                SloCatalog.of(
                        List.of(new SloCatalog.SloFile("checkout.yaml", SLO_YAML)),
                        "rules",
                        SloCatalog.defaultRulesYaml());
        var extractor =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new SliEventExtractor(
                                        List.of(
                                                (SliSource.MetricCounters)
                                                        catalog.sliSources().get(0)))),
                        (MetricPoint p) -> p.series,
                        Types.STRING);
        var evaluator = SloBurnRateEvaluatorTest.harness(catalog);
        extractor.open();
        long good = 0;
        long bad = 0;
        for (int m = 0; m <= MINUTES; m++) {
            if (m > 0) {
                good += series[0][m - 1] - series[1][m - 1];
                bad += series[1][m - 1];
            }
            for (MetricPoint p :
                    List.of(
                            sample(minute(m), "phalanx_sli_total", good, "slo", SLO, "code", "200"),
                            sample(
                                    minute(m),
                                    "phalanx_sli_total",
                                    bad,
                                    "slo",
                                    SLO,
                                    "code",
                                    "500"))) {
                extractor.processElement(new StreamRecord<>(p, p.timestampMillis));
            }
            for (StreamRecord<? extends SliEvent> r : extractor.extractOutputStreamRecords()) {
                evaluator.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            }
            extractor.getOutput().clear();
            evaluator.processWatermark(minute(m));
        }
        Run run =
                new Run(
                        SloBurnRateEvaluatorTest.statuses(evaluator),
                        SloBurnRateEvaluatorTest.transitions(evaluator));
        extractor.close();
        evaluator.close();
        return run;
    }

    @Test
    void everyEvaluationEqualsCoresEvaluatorBitForBit() throws Exception {
        long[][] series = series();
        Run run = flink(series);
        assertThat(run.statuses()).hasSize(MINUTES);

        SloEvaluator core =
                new SloEvaluator(
                        SloCatalog.of(
                                        List.of(new SloCatalog.SloFile("checkout.yaml", SLO_YAML)),
                                        "rules",
                                        SloCatalog.defaultRulesYaml())
                                .slos()
                                .get(0));
        List<String> coreTransitions = new ArrayList<>();
        for (int m = 0; m < MINUTES; m++) {
            core.record(
                    Instant.ofEpochMilli(minute(m) + 30_000),
                    series[0][m] - series[1][m],
                    series[0][m]);
            SloStatus expected = core.evaluate(Instant.ofEpochMilli(minute(m + 1)));
            SloStatusRecord actual = run.statuses().get(m);
            assertThat(actual.atMillis).isEqualTo(minute(m + 1));
            for (Duration w : WINDOWS) {
                assertThat(actual.burnRate(w.toMillis()))
                        .as("burn rate over %s at minute %d", w, m + 1)
                        .isEqualTo(core.counter().counts(w, expected.at()).burnRate(0.999));
            }
            for (int a = 0; a < expected.alerts().size(); a++) {
                var e = expected.alerts().get(a);
                assertThat(actual.alertFiring[a])
                        .as("%s at %d", e.rule().name(), m + 1)
                        .isEqualTo(e.firing());
                if (e.transition()
                        != io.phalanx.core.slo.MultiWindowBurnRateAlert.Transition.NONE) {
                    coreTransitions.add(e.rule().name() + " " + e.transition() + " " + (m + 1));
                }
            }
            assertThat(actual.budgetRemaining).isEqualTo(expected.budget().remaining());
            assertThat(actual.currentBurnRate).isEqualTo(expected.currentBurnRate());
        }
        assertThat(run.transitions())
                .extracting(
                        t ->
                                t.rule
                                        + " "
                                        + t.transition.toUpperCase()
                                        + " "
                                        + (t.atMillis - minute(0)) / 60_000)
                .containsExactlyElementsOf(coreTransitions);
        assertThat(coreTransitions)
                .as("both pages fire and resolve")
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void promtoolAgreesWithTheOperatorsBurnRatesAndPages() throws Exception {
        long[][] series = series();
        Run run = flink(series);
        assertThat(promtool(series, run, false)).contains("SUCCESS");
    }

    @Test
    void promtoolRejectsAFlippedPage() throws Exception {
        long[][] series = series();
        Run run = flink(series);
        assertThat(promtool(series, run, true)).contains("FAILED");
    }

    private String promtool(long[][] series, Run run, boolean flipOnePage) throws Exception {
        StringBuilder rules =
                new StringBuilder("groups:\n  - name: slo\n    interval: 1m\n    rules:\n");
        String total = "sum(increase(phalanx_sli_total{slo=\"checkout\"}[%s]))";
        String bad = "sum(increase(phalanx_sli_total{slo=\"checkout\",code=\"500\"}[%s]))";
        for (Duration w : WINDOWS) {
            String r = io.phalanx.core.slo.SloFileParser.format(w);
            rules.append("      - record: slo:burn_rate:")
                    .append(r)
                    .append('\n')
                    .append("        expr: (")
                    .append(bad.formatted(r))
                    .append(" / ")
                    .append(total.formatted(r))
                    .append(") / (1 - 0.999)\n");
        }
        for (String[] pair :
                new String[][] {
                    {"page-1h-5m", "1h", "5m", "14.4"}, {"page-6h-30m", "6h", "30m", "6"}
                }) {
            rules.append("      - alert: ErrorBudgetBurn\n        expr: slo:burn_rate:")
                    .append(pair[1])
                    .append(" > ")
                    .append(pair[3])
                    .append(" and slo:burn_rate:")
                    .append(pair[2])
                    .append(" > ")
                    .append(pair[3])
                    .append('\n')
                    .append("        labels:\n          rule: ")
                    .append(pair[0])
                    .append('\n');
        }
        Files.writeString(dir.resolve("rules.yaml"), rules.toString(), StandardCharsets.UTF_8);

        StringBuilder t =
                new StringBuilder(
                        "rule_files:\n  - rules.yaml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
        for (String code : List.of("200", "500")) {
            StringBuilder values = new StringBuilder("0");
            long c = 0;
            for (int m = 0; m < MINUTES; m++) {
                c += code.equals("500") ? series[1][m] : series[0][m] - series[1][m];
                values.append(' ').append(c);
            }
            t.append("      - series: 'phalanx_sli_total{slo=\"checkout\",code=\"")
                    .append(code)
                    .append("\"}'\n        values: '")
                    .append(values)
                    .append("'\n");
        }
        t.append("    alert_rule_test:\n");
        StringBuilder exprs = new StringBuilder("    promql_expr_test:\n");
        boolean flipped = false;
        for (SloStatusRecord s : run.statuses()) {
            long minute = (s.atMillis - minute(0)) / 60_000;
            if (minute < 360 || minute % 10 != 0) {
                continue;
            }
            t.append("      - eval_time: ")
                    .append(minute)
                    .append("m\n        alertname: ErrorBudgetBurn\n");
            List<String> firing = new ArrayList<>();
            for (int a = 0; a < s.alertRules.length; a++) {
                boolean f = s.alertFiring[a];
                if (flipOnePage && !flipped && a == 0) {
                    f = !f;
                    flipped = true;
                }
                if (f) {
                    firing.add(s.alertRules[a]);
                }
            }
            t.append(firing.isEmpty() ? "        exp_alerts: []\n" : "        exp_alerts:\n");
            for (String rule : firing) {
                t.append("          - exp_labels: {rule: ").append(rule).append("}\n");
            }
            for (Duration w : WINDOWS) {
                String r = io.phalanx.core.slo.SloFileParser.format(w);
                exprs.append("      - eval_time: ")
                        .append(minute)
                        .append("m\n        expr: slo:burn_rate:")
                        .append(r)
                        .append("\n        exp_samples:\n          - labels: 'slo:burn_rate:")
                        .append(r)
                        .append("'\n            value: ")
                        .append(Double.toString(s.burnRate(w.toMillis())))
                        .append('\n');
            }
        }
        t.append(exprs);
        Files.writeString(dir.resolve("test.yaml"), t.toString(), StandardCharsets.UTF_8);
        Process p =
                new ProcessBuilder(promtool.toString(), "test", "rules", "test.yaml")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue() == 0).as(out).isEqualTo(!flipOnePage);
        return out;
    }
}
