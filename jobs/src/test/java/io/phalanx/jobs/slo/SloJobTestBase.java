package io.phalanx.jobs.slo;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.jobs.slo.SloCatalog.SloFile;
import io.phalanx.jobs.slo.records.ImpactRecord;
import io.phalanx.jobs.slo.records.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * Instants, SLO files and metric traffic for the SLO pipeline tests. Time is counted in minutes
 * from {@link #T0}, a bucket boundary. Traffic is two Prometheus-style counters per service, {@code
 * http_requests_total{service, code="200"}} and {@code {code="500"}}, sampled at every whole
 * minute: the sample at minute {@code m + 1} carries minute {@code m}'s requests, so an evaluation
 * at boundary {@code m + 1} sees them, as in core's {@code SloTestBase}.
 */
public abstract class SloJobTestBase {
    public static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    public static long minute(long m) {
        return T0.plus(Duration.ofMinutes(m)).toEpochMilli();
    }

    /**
     * An availability SLO (99.9 %, 28 days, the Workbook's three pairs): good requests are the
     * non-5xx ones of {@code service}. {@code impactYaml} is the x-phalanx impact block's body.
     */
    public static String availabilitySlo(
            String name, String service, long minimumEvents, String impactYaml) {
        return """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: %s
                spec:
                  service: %s
                  indicator:
                    spec:
                      ratioMetric:
                        counter: true
                        good:
                          metricSource:
                            type: Prometheus
                            spec:
                              query: sum(http_requests_total{service="%s",code!~"5.."})
                        total:
                          metricSource:
                            type: Prometheus
                            spec:
                              query: sum(http_requests_total{service="%s"})
                  timeWindow:
                    - duration: 28d
                      isRolling: true
                  objectives:
                    - target: 0.999
                  x-phalanx:
                    minimumEvents: %d
                    impact: %s
                """
                .formatted(name, service, service, service, minimumEvents, impactYaml);
    }

    /** An SLO on Phalanx's own segment KPIs (99 %, 30 days, default alerts). */
    public static String kpiSlo(String name, String good, String total) {
        return """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: %s
                spec:
                  service: edge-network
                  indicator:
                    spec:
                      ratioMetric:
                        good:
                          metricSource:
                            type: Phalanx
                            spec:
                              query: %s
                        total:
                          metricSource:
                            type: Phalanx
                            spec:
                              query: %s
                  timeWindow:
                    - duration: 30d
                      isRolling: true
                  objectives:
                    - target: 0.99
                """
                .formatted(name, good, total);
    }

    /** A catalog of SLO documents (one file) with the example prioritisation rules. */
    public static SloCatalog catalog(String... sloDocuments) {
        try {
            return SloCatalog.of(
                    List.of(new SloFile("test-slos.yaml", String.join("---\n", sloDocuments))),
                    "prioritization-rules.yaml",
                    SloCatalog.defaultRulesYaml());
        } catch (ConfigFileException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MetricPoint sample(long tsMillis, String name, double value, String... labels) {
        Map<String, String> l = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return MetricPoint.of(new io.phalanx.core.events.MetricSample(tsMillis, name, value, l));
    }

    public static ImpactRecord impact(
            long tsMillis, String service, double revenue, String tier, long users) {
        return ImpactRecord.of(
                new io.phalanx.core.events.ImpactUpdate(tsMillis, service, revenue, tier, users));
    }

    /**
     * Counter samples of {@code service} at minutes {@code 0..minutes}: {@code perMinute} requests
     * a minute of which {@code bad.applyAsLong(m)} in minute {@code m} fail with a 500.
     */
    public static List<MetricPoint> traffic(
            String service, long minutes, long perMinute, LongUnaryOperator bad) {
        List<MetricPoint> out = new ArrayList<>();
        long ok = 0;
        long failed = 0;
        for (long m = 0; m <= minutes; m++) {
            if (m > 0) {
                long b = bad.applyAsLong(m - 1);
                ok += perMinute - b;
                failed += b;
            }
            out.add(
                    sample(
                            minute(m),
                            "http_requests_total",
                            ok,
                            "service",
                            service,
                            "code",
                            "200"));
            out.add(
                    sample(
                            minute(m),
                            "http_requests_total",
                            failed,
                            "service",
                            service,
                            "code",
                            "500"));
        }
        return out;
    }
}
