package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.slo.SloDefinition.AlertPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phalanx's burn rates and page decisions against Prometheus's on the same SLI series: the test
 * generates twelve hours of per-minute good/total counters (seeded, so every run is the same),
 * writes the Workbook's recording and alerting rules as Prometheus would run them, and writes a
 * {@code promtool test rules} file whose expected values are the ones {@link SloEvaluator}
 * computes. promtool passing means both agree at every checked instant.
 *
 * <p>Tolerance: none, the comparison is exact. {@code increase()} extrapolates to the window edges,
 * but here every window ends on a sample (evaluation at whole minutes, one sample per minute) and
 * starts on one (Prometheus 2.x range selectors include the sample at {@code t - range}), so the
 * extrapolation factor is exactly 1 and {@code increase()} is the exact bucket sum; counters are
 * integers below 2^53, so the float arithmetic matches Java's. Prometheus 3 made ranges left-open:
 * with it a 5 m window sees 4 intervals scaled by 5/4 and this test would need a tolerance. Every
 * checked window holds well over the SLO's 10-event floor, where the Prometheus rule and {@link
 * MultiWindowBurnRateAlert} are meant to agree (below it Phalanx holds state, which a stateless
 * rule cannot express).
 *
 * <p>Needs {@code promtool} on the PATH (Debian package {@code prometheus}; {@code .ci/run}
 * installs it) and fails, rather than skips, without it.
 */
class PromtoolCrossCheckTest extends SloTestBase {
    private static final long SEED = 20261126L;
    private static final int MINUTES = 12 * 60;
    private static final String SLO = "checkout";
    private static final List<Duration> RATIO_WINDOWS =
            List.of(
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(30),
                    Duration.ofHours(1),
                    Duration.ofHours(6));

    /** Error ratio per phase, by bucket ranges (start inclusive) of the twelve hours. */
    private static final int[] PHASE_START = {0, 240, 480, 540, 580};

    private static final double[] PHASE_ERROR_RATIO = {0.0005, 0.012, 0.0005, 0.03, 0.0005};

    private static Path promtool;

    @TempDir Path dir;

    @BeforeAll
    static void findPromtool() {
        promtool = onPath("promtool");
        assertThat(promtool)
                .as(
                        "promtool is not on the PATH. Install the Debian package 'prometheus' "
                                + "(apt-get install -y prometheus); .ci/run does this in CI.")
                .isNotNull();
    }

    /** Events per minute and bad events per minute, derived only from the seed. */
    record SliSeries(long[] total, long[] bad) {
        static SliSeries generate() {
            SplittableRandom random = new SplittableRandom(SEED);
            long[] total = new long[MINUTES];
            long[] bad = new long[MINUTES];
            // Constant within each 10-minute segment, so promtool's a+bxn notation states it.
            for (int segment = 0; segment < MINUTES / 10; segment++) {
                long perMinute = random.nextLong(600, 1401);
                double ratio =
                        PHASE_ERROR_RATIO[phaseOf(segment * 10)] * random.nextDouble(0.8, 1.2);
                for (int m = segment * 10; m < segment * 10 + 10; m++) {
                    total[m] = perMinute;
                    bad[m] = Math.round(perMinute * ratio);
                }
            }
            return new SliSeries(total, bad);
        }
    }

    /** What Phalanx computed at one evaluation instant (minutes from the series start). */
    record Expected(
            int minute,
            double[] errorRatio,
            double[] burnRate,
            boolean fastPage,
            boolean slowPage) {}

    @Test
    void burnRatesAndPageDecisionsAgreeWithPromtool() throws Exception {
        SliSeries series = SliSeries.generate();
        List<Expected> expected = phalanxEvaluations(series);

        assertThat(expected)
                .as("the series must exercise both states of both pairs")
                .anyMatch(Expected::fastPage)
                .anyMatch(e -> !e.fastPage())
                .anyMatch(Expected::slowPage)
                .anyMatch(e -> !e.slowPage());
        assertThat(expected)
                .as("a moment where the 6 h pair fires but the 1 h pair does not")
                .anyMatch(e -> e.slowPage() && !e.fastPage());

        PromtoolRun run = runPromtool(series, expected, false);
        assertThat(run.exitCode()).as("promtool test rules output:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void promtoolRejectsAWrongExpectation() throws Exception {
        // The cross-check above can fail: one flipped page and one burn rate off by 0.01 must.
        SliSeries series = SliSeries.generate();

        PromtoolRun run = runPromtool(series, phalanxEvaluations(series), true);

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("ErrorBudgetBurn").contains("slo:burn_rate:1h");
    }

    private static List<Expected> phalanxEvaluations(SliSeries series) {
        BurnRateAlertRule fast = BurnRateAlertRule.workbookFastPage();
        BurnRateAlertRule slow = BurnRateAlertRule.workbookSlowPage();
        SloDefinition slo =
                slo(
                        SLO,
                        SLO,
                        THREE_NINES,
                        Duration.ofDays(1),
                        new AlertPolicy(
                                Duration.ofMinutes(1),
                                10,
                                List.of(fast, slow),
                                Duration.ofHours(1)),
                        ServiceImpact.none());
        SloEvaluator evaluator = new SloEvaluator(slo);
        List<Expected> expected = new ArrayList<>();
        for (int m = 0; m < MINUTES; m++) {
            // Bucket m holds the increase between the samples at minutes m and m + 1.
            evaluator.record(
                    minute(m).plusSeconds(30),
                    series.total()[m] - series.bad()[m],
                    series.total()[m]);
            int now = m + 1;
            SloStatus status = evaluator.evaluate(minute(now));
            if (now >= 6 * 60 && now % 10 == 0) {
                double[] ratio = new double[RATIO_WINDOWS.size()];
                double[] burn = new double[RATIO_WINDOWS.size()];
                for (int w = 0; w < RATIO_WINDOWS.size(); w++) {
                    WindowCounts counts =
                            evaluator.counter().counts(RATIO_WINDOWS.get(w), minute(now));
                    assertThat(counts.total())
                            .isGreaterThanOrEqualTo(slo.alerting().minimumEvents());
                    ratio[w] = counts.errorRatio();
                    burn[w] = counts.burnRate(slo.objective());
                }
                // The evaluator's own window burn rates are the ones checked against promtool.
                assertThat(status.alert(fast.name()).longBurnRate()).isEqualTo(burn[2]);
                assertThat(status.alert(slow.name()).shortBurnRate()).isEqualTo(burn[1]);
                expected.add(
                        new Expected(
                                now,
                                ratio,
                                burn,
                                status.alert(fast.name()).firing(),
                                status.alert(slow.name()).firing()));
            }
        }
        return expected;
    }

    record PromtoolRun(int exitCode, String output) {}

    private PromtoolRun runPromtool(SliSeries series, List<Expected> expected, boolean mutate)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve("slo-rules.yaml"), ruleFile(), StandardCharsets.UTF_8);
        Path test = dir.resolve("slo-rules-test.yaml");
        Files.writeString(test, testFile(series, expected, mutate), StandardCharsets.UTF_8);
        Process p =
                new ProcessBuilder(
                                promtool.toString(), "test", "rules", test.getFileName().toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new PromtoolRun(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The Workbook's recording and alerting rules, as Prometheus would run them. */
    private static String ruleFile() {
        StringBuilder y = new StringBuilder();
        y.append("groups:\n  - name: slo-").append(SLO).append("\n    interval: 1m\n    rules:\n");
        String sel = "{slo=\"" + SLO + "\"}";
        for (Duration w : RATIO_WINDOWS) {
            String r = SloFileParser.format(w);
            y.append("      - record: slo:error_ratio:")
                    .append(r)
                    .append('\n')
                    .append("        expr: (increase(phalanx_sli_events_total")
                    .append(sel)
                    .append('[')
                    .append(r)
                    .append("]) - increase(phalanx_sli_good_total")
                    .append(sel)
                    .append('[')
                    .append(r)
                    .append("])) / increase(phalanx_sli_events_total")
                    .append(sel)
                    .append('[')
                    .append(r)
                    .append("])\n")
                    .append("      - record: slo:burn_rate:")
                    .append(r)
                    .append('\n')
                    .append("        expr: slo:error_ratio:")
                    .append(r)
                    .append(" / (1 - ")
                    .append(THREE_NINES)
                    .append(")\n");
        }
        for (BurnRateAlertRule rule :
                List.of(
                        BurnRateAlertRule.workbookFastPage(),
                        BurnRateAlertRule.workbookSlowPage())) {
            String l = SloFileParser.format(rule.longWindow());
            String s = SloFileParser.format(rule.shortWindow());
            y.append("      - alert: ErrorBudgetBurn\n")
                    .append("        expr: slo:burn_rate:")
                    .append(l)
                    .append(" > ")
                    .append(rule.burnRateThreshold())
                    .append(" and slo:burn_rate:")
                    .append(s)
                    .append(" > ")
                    .append(rule.burnRateThreshold())
                    .append('\n')
                    .append("        for: 0m\n")
                    .append("        labels:\n          severity: page\n          rule: ")
                    .append(rule.name())
                    .append('\n');
        }
        return y.toString();
    }

    private static String testFile(SliSeries series, List<Expected> expected, boolean mutate) {
        StringBuilder y = new StringBuilder();
        y.append(
                "rule_files:\n  - slo-rules.yaml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
        long[] good = new long[MINUTES];
        for (int m = 0; m < MINUTES; m++) {
            good[m] = series.total()[m] - series.bad()[m];
        }
        y.append("      - series: 'phalanx_sli_events_total{slo=\"")
                .append(SLO)
                .append("\"}'\n")
                .append("        values: '")
                .append(expandingNotation(series.total()))
                .append("'\n");
        y.append("      - series: 'phalanx_sli_good_total{slo=\"")
                .append(SLO)
                .append("\"}'\n")
                .append("        values: '")
                .append(expandingNotation(good))
                .append("'\n");

        y.append("    alert_rule_test:\n");
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            boolean fast = e.fastPage();
            if (mutate && i == firstIndex(expected, true)) {
                fast = !fast;
            }
            y.append("      - eval_time: ")
                    .append(e.minute())
                    .append("m\n")
                    .append("        alertname: ErrorBudgetBurn\n");
            List<String> firing = new ArrayList<>();
            if (fast) {
                firing.add("page-1h-5m");
            }
            if (e.slowPage()) {
                firing.add("page-6h-30m");
            }
            if (firing.isEmpty()) {
                y.append("        exp_alerts: []\n");
            } else {
                y.append("        exp_alerts:\n");
                for (String rule : firing) {
                    y.append("          - exp_labels: {slo: ")
                            .append(SLO)
                            .append(", severity: page, rule: ")
                            .append(rule)
                            .append("}\n");
                }
            }
        }

        y.append("    promql_expr_test:\n");
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            for (int w = 0; w < RATIO_WINDOWS.size(); w++) {
                String r = SloFileParser.format(RATIO_WINDOWS.get(w));
                double burn = e.burnRate()[w];
                if (mutate && i == 0 && r.equals("1h")) {
                    burn += 0.01;
                }
                exprTest(y, e.minute(), "slo:error_ratio:" + r, e.errorRatio()[w]);
                exprTest(y, e.minute(), "slo:burn_rate:" + r, burn);
            }
        }
        return y.toString();
    }

    private static void exprTest(StringBuilder y, int minute, String metric, double value) {
        // Double.toString is the shortest decimal that parses back to the same double (Go's
        // ParseFloat included), so the file carries Java's values exactly.
        y.append("      - eval_time: ")
                .append(minute)
                .append("m\n")
                .append("        expr: ")
                .append(metric)
                .append('\n')
                .append("        exp_samples:\n")
                .append("          - labels: '")
                .append(metric)
                .append("{slo=\"")
                .append(SLO)
                .append("\"}'\n")
                .append("            value: ")
                .append(Double.toString(value))
                .append('\n');
    }

    /**
     * Cumulative counter samples at minutes 0..n from per-minute increments, in promtool's
     * expanding notation: {@code 0} then, per run of equal increments {@code b} starting after
     * value {@code c}, {@code (c+b)+bx(k-1)} for k samples.
     */
    static String expandingNotation(long[] increments) {
        StringBuilder s = new StringBuilder("0");
        long c = 0;
        int m = 0;
        while (m < increments.length) {
            long b = increments[m];
            int k = 1;
            while (m + k < increments.length && increments[m + k] == b) {
                k++;
            }
            s.append(' ').append(c + b).append('+').append(b).append('x').append(k - 1);
            c += b * k;
            m += k;
        }
        return s.toString();
    }

    @Test
    void expandingNotationListsCumulativeSamples() {
        // 0, then 5 5 5 -> 5 10 15, then 2 -> 17: "0 5+5x2 17+2x0"
        assertThat(expandingNotation(new long[] {5, 5, 5, 2})).isEqualTo("0 5+5x2 17+2x0");
    }

    private static int firstIndex(List<Expected> expected, boolean fastPage) {
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).fastPage() == fastPage) {
                return i;
            }
        }
        throw new IllegalStateException("no evaluation with fast page " + fastPage);
    }

    private static int phaseOf(int minute) {
        int phase = 0;
        while (phase + 1 < PHASE_START.length && minute >= PHASE_START[phase + 1]) {
            phase++;
        }
        return phase;
    }

    private static Path onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
