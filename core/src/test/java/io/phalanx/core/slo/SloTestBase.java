package io.phalanx.core.slo;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.slo.SloDefinition.AlertPolicy;
import io.phalanx.core.slo.SloDefinition.MetricSource;
import io.phalanx.core.slo.SloDefinition.RatioIndicator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Instants, SLOs and traffic for the SLO tests. Time is counted in minutes from {@link #T0}, a
 * bucket boundary; {@code minute(m)} is the boundary at which bucket {@code m - 1} closes, i.e.
 * where an evaluation sees every event up to then. Traffic is recorded per one-minute bucket with
 * exact integer counts, so expected burn rates follow from the arithmetic in each test.
 */
abstract class SloTestBase {
    static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    /** The Workbook's objective for the examples: 99.9 %. */
    static final double THREE_NINES = 0.999;

    static Instant minute(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    static Instant hour(double h) {
        return T0.plus(Duration.ofSeconds(Math.round(h * 3600)));
    }

    /** An SLO on {@code service} with the Workbook's alert pairs and a 28-day window. */
    static SloDefinition workbookSlo(
            String name,
            String service,
            double objective,
            long minimumEvents,
            ServiceImpact impact) {
        AlertPolicy d = AlertPolicy.workbookDefaults();
        return slo(
                name,
                service,
                objective,
                Duration.ofDays(28),
                new AlertPolicy(d.bucket(), minimumEvents, d.rules(), d.projectionWindow()),
                impact);
    }

    /** An SLO alerting only on the fast page pair (1 h / 5 m at {@code threshold}). */
    static SloDefinition fastPageOnlySlo(
            double objective, double threshold, long minimumEvents, Duration window) {
        BurnRateAlertRule page =
                new BurnRateAlertRule(
                        "page-1h-5m",
                        BurnRateAlertRule.Severity.PAGE,
                        Duration.ofHours(1),
                        Duration.ofMinutes(5),
                        threshold);
        return slo(
                "api-availability",
                "api",
                objective,
                window,
                new AlertPolicy(
                        Duration.ofMinutes(1), minimumEvents, List.of(page), Duration.ofHours(1)),
                ServiceImpact.none());
    }

    static SloDefinition slo(
            String name,
            String service,
            double objective,
            Duration window,
            AlertPolicy policy,
            ServiceImpact impact) {
        RatioIndicator sli =
                new RatioIndicator(
                        name + "-sli",
                        new MetricSource("Prometheus", "good_total{slo=\"" + name + "\"}"),
                        new MetricSource("Prometheus", "requests_total{slo=\"" + name + "\"}"));
        return new SloDefinition(name, service, "", sli, objective, window, policy, impact);
    }

    /**
     * Runs the SLO the way its operator will: for each minute in {@code [from, to)}, records {@code
     * perMinute} events of which {@code badPerMinute} are bad (in the middle of the minute's
     * bucket), then evaluates at the minute's closing boundary. Returns the last status.
     */
    static SloStatus run(
            SloEvaluator slo, long fromMinute, long toMinute, long perMinute, long badPerMinute) {
        SloStatus last = null;
        for (long m = fromMinute; m < toMinute; m++) {
            if (perMinute > 0) {
                slo.record(minute(m).plusSeconds(30), perMinute - badPerMinute, perMinute);
            }
            last = slo.evaluate(minute(m + 1));
        }
        return last;
    }

    static PrioritizationRules exampleRules() {
        try {
            return PrioritizationRules.parse(
                    resource("slo/prioritization-rules.yaml"), "prioritization-rules.yaml");
        } catch (ConfigFileException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String path) {
        try (InputStream in = SloTestBase.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
