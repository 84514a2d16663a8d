package io.phalanx.core.incident;

import io.phalanx.core.diagnosis.Cause;

/**
 * What one pattern matched: a cause at a location over a span of event time, with the figures that
 * matched and evidence lines that name the entities involved. Flink POJO (an array, no
 * collections).
 */
public class Detection {
    /** A {@link Cause} name. */
    public String cause;

    /** The entity the pattern was keyed by: {@code segment:a->b}, {@code service:x}, ... */
    public String entity;

    /** For network causes: the segment in the direction of travel, else null. */
    public String from;

    public String to;

    /** For cross-domain causes: the service and host concerned, else null. */
    public String service;

    public String host;

    public long startMs;
    public long endMs;
    public double confidence;

    /** The main figure that matched (ms of latency, a loss ratio, a CPU peak, ...). */
    public double figure;

    /** A count that matched (timeouts, retransmissions, intervals), or 0. */
    public long count;

    /** Cross-domain: the deploy (service, version) and the degradation it preceded. */
    public String deployVersion;

    public long deployTsMs;
    public String degradedCause;
    public String degradedEntity;

    public String[] evidence = new String[0];

    public Detection() {}

    public static Detection of(Cause cause, String entity, long startMs, long endMs) {
        Detection d = new Detection();
        d.cause = cause.name();
        d.entity = entity;
        d.startMs = startMs;
        d.endMs = endMs;
        return d;
    }

    public Detection segment(String from, String to) {
        this.from = from;
        this.to = to;
        return this;
    }

    public Detection evidence(String... lines) {
        this.evidence = lines.clone();
        return this;
    }

    /** Where: {@code hop2->hop3} for segments, else the entity. */
    public String location() {
        return from != null ? from + "->" + to : entity;
    }

    @Override
    public String toString() {
        return cause + " " + location() + " [" + startMs + ", " + endMs + "] " + confidence;
    }
}
