package io.phalanx.jobs.incident;

import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.incident.Detection;
import io.phalanx.core.incident.PatternRules;
import io.phalanx.core.incident.Signal;
import io.phalanx.core.kpi.SegmentKpi;
import java.time.Instant;
import java.util.Map;

/** Instants and intent-revealing factories for incident pattern and correlator tests. */
abstract class IncidentTestBase {
    /** The start of the first KPI interval of every scenario. */
    static final long T0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    static final long INTERVAL = 5_000;

    /** Default rules, but a latency or congestion step must last two intervals. */
    static final PatternRules RULES =
            new PatternRules(5, 5, 0.5, 2, 50, 0.01, 0.01, 20, 600, 0.9, 10, 120, 14.4);

    /** The KPI of segment from->to over interval number {@code i} (from T0). */
    static Signal kpi(
            String from,
            String to,
            int i,
            double p50,
            double p99,
            long packets,
            long lost,
            long reordered,
            long retransmissions) {
        long start = T0 + i * INTERVAL;
        return Signal.of(
                new SegmentKpi(
                        start,
                        start + INTERVAL,
                        from,
                        to,
                        packets,
                        p50,
                        p99,
                        lost,
                        reordered,
                        retransmissions,
                        packets * 1000));
    }

    static Signal healthy(String from, String to, int i) {
        return kpi(from, to, i, 0.05, 0.08, 1000, 0, 0, 0);
    }

    /** 40 ms added on every packet: median and p99 move together. */
    static Signal delayed(String from, String to, int i) {
        return kpi(from, to, i, 40.2, 41.0, 1000, 0, 0, 0);
    }

    /** Queueing: the median is up and the tail far above it, with tail drops. */
    static Signal queueing(String from, String to, int i) {
        return kpi(from, to, i, 6.0, 24.0, 1000, 28, 0, 0);
    }

    static Signal cpu(long ts, String service, String host, double value) {
        return Signal.of(
                new MetricSample(
                        ts, "cpu_utilization", value, Map.of("service", service, "host", host)));
    }

    static Signal timeoutLog(long ts, String service) {
        return Signal.of(
                new LogRecord(
                        ts, service, service + "-1", "ERROR", "upstream timeout after 2000 ms"));
    }

    static Signal deploy(long ts, String service, String version) {
        return Signal.of(new DeployEvent(ts, service, version, "v41", "github-actions"));
    }

    /** A detection of {@code cause} on segment from->to that began at {@code startMs}. */
    static Signal detection(String cause, String from, String to, long startMs, double confidence) {
        Detection d =
                Detection.of(
                                io.phalanx.core.diagnosis.Cause.valueOf(cause),
                                "segment:" + from + "->" + to,
                                startMs,
                                startMs + INTERVAL)
                        .segment(from, to)
                        .evidence("segment " + from + "->" + to + ": " + cause.toLowerCase());
        d.confidence = confidence;
        return Signal.of(d);
    }
}
