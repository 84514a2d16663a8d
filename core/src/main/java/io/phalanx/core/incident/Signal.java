package io.phalanx.core.incident;

import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.kpi.SegmentKpi;
import java.util.Locale;

/**
 * One element of the unified stream the incident patterns read: a segment KPI, a metric sample, a
 * log line, a deploy, an SLO alert or a detection, each tagged with the ontology entity it concerns
 * ({@code segment:hop2->hop3}, {@code service:checkout}, {@code host:checkout-1}) and its event
 * time. Flat on purpose: one Flink POJO type for the whole stream (only the fields of its kind are
 * set), so patterns over mixed kinds need no Kryo.
 */
public class Signal {
    public enum Kind {
        SEGMENT_KPI,
        METRIC,
        LOG,
        DEPLOY,
        /** An SLO burn-rate alert (io.phalanx.jobs.slo); see {@link #sloAlert}. */
        SLO_ALERT,
        /** The output of a pattern, fed to the correlation patterns and the incident builder. */
        DETECTION
    }

    public Kind kind;
    public String entity;
    public long tsMs;

    // SEGMENT_KPI
    public String from;
    public String to;
    public long intervalStartMs;
    public long packets;
    public double p50Ms = Double.NaN;
    public double p99Ms = Double.NaN;
    public long lost;
    public long reordered;
    public long retransmissions;
    public long bytes;

    // METRIC, LOG, DEPLOY, SLO_ALERT
    public String name;
    public double value;
    public String service;
    public String host;
    public String level;
    public String message;
    public String version;
    public String previousVersion;
    public String actor;

    // DETECTION
    public Detection detection;

    public Signal() {}

    public static Signal of(SegmentKpi k) {
        Signal s = new Signal();
        s.kind = Kind.SEGMENT_KPI;
        s.entity = k.entity();
        s.tsMs = k.endMs();
        s.from = k.from();
        s.to = k.to();
        s.intervalStartMs = k.startMs();
        s.packets = k.packets();
        s.p50Ms = k.latencyP50Ms() == null ? Double.NaN : k.latencyP50Ms();
        s.p99Ms = k.latencyP99Ms() == null ? Double.NaN : k.latencyP99Ms();
        s.lost = k.lost();
        s.reordered = k.reordered();
        s.retransmissions = k.retransmissions();
        s.bytes = k.bytes();
        return s;
    }

    /** Keyed by its host when it has one, else by its service, else by its series. */
    public static Signal of(MetricSample m) {
        Signal s = new Signal();
        s.kind = Kind.METRIC;
        s.tsMs = m.timestampMillis();
        s.name = m.name();
        s.value = m.value();
        s.service = m.service();
        s.host = m.host();
        s.entity =
                m.service() != null
                        ? "service:" + m.service()
                        : m.host() != null ? "host:" + m.host() : "series:" + m.series();
        return s;
    }

    public static Signal of(LogRecord r) {
        Signal s = new Signal();
        s.kind = Kind.LOG;
        s.tsMs = r.timestampMillis();
        s.entity = "service:" + r.service();
        s.service = r.service();
        s.host = r.host();
        s.level = r.level();
        s.message = r.message();
        return s;
    }

    public static Signal of(DeployEvent d) {
        Signal s = new Signal();
        s.kind = Kind.DEPLOY;
        s.tsMs = d.timestampMillis();
        s.entity = "service:" + d.service();
        s.service = d.service();
        s.version = d.version();
        s.previousVersion = d.previousVersion();
        s.actor = d.actor();
        return s;
    }

    /**
     * The hook for SLO burn-rate alerts: an SLO operator turns each firing alert into this signal
     * and unions it into the incident stream; the SLO-burn pattern corroborates the service's
     * degradation with it.
     *
     * @param burnRate the alert's current burn rate (1 = spending the budget exactly on time)
     */
    public static Signal sloAlert(long tsMs, String slo, String service, double burnRate) {
        Signal s = new Signal();
        s.kind = Kind.SLO_ALERT;
        s.tsMs = tsMs;
        s.entity = "service:" + service;
        s.service = service;
        s.name = slo;
        s.value = burnRate;
        return s;
    }

    public static Signal of(Detection d) {
        Signal s = new Signal();
        s.kind = Kind.DETECTION;
        s.tsMs = d.endMs;
        s.entity = d.entity;
        s.detection = d;
        return s;
    }

    public double lossRatio() {
        return packets == 0 ? 0 : (double) lost / packets;
    }

    public double reorderRatio() {
        long arrived = packets - lost;
        return arrived <= 0 ? 0 : (double) reordered / arrived;
    }

    /** (p99 - p50) / p50 of a KPI: how much the delay varies within its interval. */
    public double latencySpread() {
        return Double.isNaN(p50Ms) || p50Ms <= 0 ? 0 : (p99Ms - p50Ms) / p50Ms;
    }

    public boolean isTimeoutLog() {
        return kind == Kind.LOG
                        && message != null
                        && message.toLowerCase(Locale.ROOT).contains("timeout")
                || kind == Kind.LOG
                        && message != null
                        && message.toLowerCase(Locale.ROOT).contains("timed out");
    }

    @Override
    public String toString() {
        return kind + " " + entity + " @" + tsMs;
    }
}
