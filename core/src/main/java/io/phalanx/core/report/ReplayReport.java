package io.phalanx.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay report: what the stitched multi-hop view of a set of captures shows. Its JSON form is
 * the documented contract (README, "Report format"); later features add fields, never rename. Plain
 * Jackson-bound classes with public fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "schema",
    "generatedBy",
    "capturePoints",
    "paths",
    "segments",
    "conversations",
    "incidents",
    "totals",
    "warnings",
    "deadLetters",
    "slos"
})
public class ReplayReport {
    public static final String SCHEMA = "phalanx-replay-report/1";

    public String schema = SCHEMA;
    public String generatedBy;
    public List<CapturePoint> capturePoints = new ArrayList<>();
    public List<Path> paths = new ArrayList<>();
    public List<Segment> segments = new ArrayList<>();
    public List<Conversation> conversations = new ArrayList<>();

    /** What the network view shows is wrong, with ranked causes (see io.phalanx.core.diagnosis). */
    public List<Incident> incidents = new ArrayList<>();

    public Totals totals = new Totals();

    /** Things the input shows that the user should know, e.g. traffic off a declared path. */
    public List<String> warnings = new ArrayList<>();

    public DeadLetters deadLetters = new DeadLetters();

    /** SLOs evaluated over the replay's metrics (absent without {@code --slo}). */
    public List<Slo> slos;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CapturePoint {
        public String id;
        public long packets;

        /**
         * Estimated offset of this capture point's clock against the reference clock (ms): recorded
         * time = true time + offset. Latencies in the report are corrected by it.
         */
        public double clockOffsetMs;

        /** How the offset was found: reference, two-way (symmetric), bounded, or none. */
        public String clockOffsetMethod;

        public CapturePoint() {}

        public CapturePoint(String id, long packets, double clockOffsetMs, String method) {
            this.id = id;
            this.packets = packets;
            this.clockOffsetMs = clockOffsetMs;
            this.clockOffsetMethod = method;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Path {
        /** Direction of travel, {@code "src -> dst"} by address. */
        public String direction;

        /** Capture points in the order packets pass them. */
        public List<String> capturePoints = new ArrayList<>();

        public long conversations;
        public long packets;

        /** True when the reverse direction passes a different set or order of capture points. */
        public boolean asymmetric;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Segment {
        public String from;
        public String to;

        /** Packets seen at {@code from} (the upstream end) on paths where {@code to} follows. */
        public long packets;

        public Latency latencyMs;

        /** Packets seen at {@code from} and never at {@code to}, over {@link #packets}. */
        public double lossRatio;

        /** Packets that reached {@code to} after a packet that left {@code from} later. */
        public double reorderRatio;

        /** Packets seen at {@code to} that {@code from} never saw (duplicates or capture gaps). */
        public double duplicateRatio;
    }

    public static class Latency {
        public double min;
        public double p50;
        public double p95;
        public double p99;
        public double max;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Conversation {
        public String uid;
        public String communityId;
        public String proto;
        public Endpoint orig;
        public Endpoint resp;
        public long packets;
        public long bytes;

        /** Distinct packets and wire bytes sent by the originator and by the responder. */
        public long origPackets;

        public long origBytes;
        public long respPackets;
        public long respBytes;
        public String connState;
        public String history;
        public long retransmissions;
        public long zeroWindows;
        public long resets;

        /** Full handshake round trip (SYN to the handshake's ACK); null without a handshake. */
        public Double rttMs;

        public long startNanos;
        public double durationMs;
        public List<Hop> hops = new ArrayList<>();
    }

    public static class Endpoint {
        public String ip;
        public int port;

        public Endpoint() {}

        public Endpoint(String ip, int port) {
            this.ip = ip;
            this.port = port;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Hop {
        public String capturePoint;
        public long origPackets;
        public long respPackets;

        /** SYN to SYN-ACK as seen at this capture point: the round trip to the responder. */
        public Double handshakeRttMs;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Incident {
        public String id;

        /** First and last packet of the evidence, ns since the epoch (recorded time). */
        public long start;

        public long end;

        /** critical, major or minor. */
        public String severity;

        public String title;
        public Diagnosis diagnosis = new Diagnosis();

        /** What the evidence clears, each with the figures that clear it. */
        public List<Innocent> innocent = new ArrayList<>();

        public String narrative;

        /**
         * Incident updates are re-issued as evidence arrives; a higher version replaces a lower one
         * of the same id (0 for the end-of-capture diagnosis alone).
         */
        public int version;

        /** Business priority of an SLO incident (absent for network-only incidents). */
        public IncidentPriority priority;
    }

    public static class Diagnosis {
        /** Most likely first. */
        public List<Hypothesis> hypotheses = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Hypothesis {
        /** From the vocabulary of io.phalanx.core.diagnosis.Cause. */
        public String cause;

        /** Where, for network causes: a segment in the direction of travel. */
        public SegmentRef segment;

        /** Where, for causes tied to a host, service or conversation. */
        public String entity;

        /** 0..1, from how far the evidence exceeds its rule's threshold. */
        public double confidence;

        public List<String> evidence = new ArrayList<>();
    }

    public static class SegmentRef {
        public String from;
        public String to;

        public SegmentRef() {}

        public SegmentRef(String from, String to) {
            this.from = from;
            this.to = to;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Innocent {
        public SegmentRef segment;
        public String entity;
        public String reason;
    }

    public static class Totals {
        public long packets;
        public long distinctPackets;
        public long conversations;
        public long lateObservations;
    }

    public static class DeadLetters {
        public long count;
        public List<String> sample = new ArrayList<>();
    }

    /** One SLO at the end of the replay: burn rates, budget and its alert transitions. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Slo {
        public String name;
        public String service;
        public double objective;

        /** The last evaluated bucket boundary (ISO-8601); absent when no event was counted. */
        public String evaluatedAt;

        /**
         * Burn rate per window ({@code "5m"}, {@code "1h"}, ...); null for a window without events.
         */
        public java.util.Map<String, Double> burnRates = new java.util.LinkedHashMap<>();

        /** Fraction of the error budget left over the SLO window (negative when overspent). */
        public Double budgetRemaining;

        /**
         * ISO-8601 duration until the budget is gone at the projection burn rate; absent when not
         * burning.
         */
        public String timeToExhaustion;

        public long goodEvents;
        public long totalEvents;

        /** Alert rules firing at the last evaluation. */
        public List<String> firing = new ArrayList<>();

        /** Every alert transition, in time order. */
        public List<SloAlert> alerts = new ArrayList<>();

        /** Why the SLO has no figures, when it has none. */
        public String note;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SloAlert {
        public String rule;

        /** page or ticket. */
        public String severity;

        /** fired or resolved. */
        public String transition;

        /** ISO-8601 instant of the bucket boundary that decided it. */
        public String at;

        public String longWindow;
        public String shortWindow;
        public double threshold;
        public Double longBurnRate;
        public Double shortBurnRate;
    }

    /** The incident's place in the ranking by business impact, with every term of its score. */
    public static class IncidentPriority {
        /** 1 is the most urgent. */
        public int rank;

        /** P1..P5. */
        public String level;

        public double score;
        public String rulesVersion;
        public List<String> explanation = new ArrayList<>();
    }
}
