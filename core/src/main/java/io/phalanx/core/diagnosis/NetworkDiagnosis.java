package io.phalanx.core.diagnosis;

import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReplayReport.Hypothesis;
import io.phalanx.core.report.ReplayReport.Incident;
import io.phalanx.core.report.ReplayReport.Segment;
import io.phalanx.core.report.ReplayReport.SegmentRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The deterministic rules layer over the network view of a replay: which segment is at fault and
 * why, what is cleared, in words. Each rule compares one figure of the report with its threshold
 * ({@link DiagnosisRules}); a hypothesis's confidence grows with the margin, {@code 0.5 + 0.5 (1 -
 * e^{-excess / threshold})}, so a figure just over its threshold is a coin toss and one far over it
 * is near certain.
 *
 * <p>Constant added delay and congestion are told apart by the latency spread: queueing delay
 * varies with the queue, a configured or propagation delay does not. Loss and reordering are
 * separate figures of the stitching (a packet that arrives late is reordered, never lost). Clock
 * offsets are already corrected in the segment figures, so skew never shows as latency.
 * Retransmissions explained by loss on a segment are evidence for that loss, not a cause of their
 * own.
 */
public final class NetworkDiagnosis {
    private final DiagnosisRules rules;

    public NetworkDiagnosis(DiagnosisRules rules) {
        this.rules = rules;
    }

    /** Zero or one incident: the network as the captures saw it. */
    public List<Incident> diagnose(ReplayReport report) {
        List<Hypothesis> hypotheses = new ArrayList<>();
        List<ReplayReport.Innocent> innocent = new ArrayList<>();
        boolean lossFound = false;
        for (Segment s : report.segments) {
            if (s.latencyMs == null) {
                continue;
            }
            double p50 = s.latencyMs.p50;
            double spread = p50 <= 0 ? 0 : (s.latencyMs.p95 - p50) / p50;
            if (p50 > rules.latencyMs()) {
                boolean congested = spread >= rules.congestionSpread();
                Hypothesis h =
                        hypothesis(
                                congested ? Cause.CONGESTION : Cause.LATENCY,
                                s,
                                confidence(p50, rules.latencyMs()));
                h.evidence.add(
                        String.format(
                                Locale.ROOT,
                                "segment %s->%s: median one-way latency %.3f ms (p95 %.3f, p99 %.3f; spread %.0f %% of the median%s)",
                                s.from,
                                s.to,
                                p50,
                                s.latencyMs.p95,
                                s.latencyMs.p99,
                                100 * spread,
                                congested ? ", varying: queueing" : ", steady: added delay"));
                if (congested && s.lossRatio > 0) {
                    h.evidence.add(
                            String.format(
                                    Locale.ROOT, "tail drops: %.2f %% lost", 100 * s.lossRatio));
                }
                hypotheses.add(h);
            }
            if (s.lossRatio > rules.lossRatio()) {
                Hypothesis h =
                        hypothesis(Cause.LOSS, s, confidence(s.lossRatio, rules.lossRatio()));
                h.evidence.add(
                        String.format(
                                Locale.ROOT,
                                "segment %s->%s: %.2f %% of %d packets seen at %s never reached %s",
                                s.from,
                                s.to,
                                100 * s.lossRatio,
                                s.packets,
                                s.from,
                                s.to));
                hypotheses.add(h);
                lossFound = true;
            }
            if (s.reorderRatio > rules.reorderRatio()) {
                Hypothesis h =
                        hypothesis(
                                Cause.REORDERING,
                                s,
                                confidence(s.reorderRatio, rules.reorderRatio()));
                h.evidence.add(
                        String.format(
                                Locale.ROOT,
                                "segment %s->%s: %.2f %% of packets overtaken",
                                s.from,
                                s.to,
                                100 * s.reorderRatio));
                hypotheses.add(h);
            }
            if (p50 < rules.innocentLatencyMs()
                    && s.lossRatio < rules.innocentLossRatio()
                    && s.reorderRatio < rules.reorderRatio()) {
                ReplayReport.Innocent i = new ReplayReport.Innocent();
                i.segment = new SegmentRef(s.from, s.to);
                i.reason =
                        String.format(
                                Locale.ROOT,
                                "median %.3f ms, loss %.2f %%, reordering %.2f %% over %d packets",
                                p50,
                                100 * s.lossRatio,
                                100 * s.reorderRatio,
                                s.packets);
                innocent.add(i);
            }
        }
        java.util.Set<String> asymmetricPairs = new java.util.HashSet<>();
        for (ReplayReport.Path p : report.paths) {
            String[] ends = p.direction.split(" -> ");
            String pair =
                    ends.length == 2 && ends[0].compareTo(ends[1]) > 0
                            ? ends[1] + " <-> " + ends[0]
                            : String.join(" <-> ", ends);
            if (p.asymmetric && asymmetricPairs.add(pair)) {
                Hypothesis h = new Hypothesis();
                h.cause = Cause.ASYMMETRIC_ROUTING.name();
                h.entity = p.direction;
                h.confidence = 0.9;
                h.evidence.add(
                        p.direction
                                + " passes "
                                + String.join(" -> ", p.capturePoints)
                                + ", which the reverse direction does not mirror");
                hypotheses.add(h);
            }
        }
        List<String> retransmitting = new ArrayList<>();
        for (ReplayReport.Conversation c : report.conversations) {
            if (c.packets > 0
                    && (double) c.retransmissions / c.packets > rules.retransmissionRatio()) {
                retransmitting.add(
                        String.format(
                                Locale.ROOT,
                                "conversation %s (%s:%d -> %s:%d): %d retransmissions in %d packets",
                                c.uid,
                                c.orig.ip,
                                c.orig.port,
                                c.resp.ip,
                                c.resp.port,
                                c.retransmissions,
                                c.packets));
            }
        }
        if (!retransmitting.isEmpty()) {
            if (lossFound) {
                for (Hypothesis h : hypotheses) {
                    if (h.cause.equals(Cause.LOSS.name())) {
                        h.evidence.addAll(retransmitting);
                    }
                }
            } else {
                Hypothesis h = new Hypothesis();
                h.cause = Cause.RETRANSMISSIONS.name();
                h.entity = "conversations";
                h.confidence = 0.6;
                h.evidence.addAll(retransmitting);
                hypotheses.add(h);
            }
        }
        if (hypotheses.isEmpty()) {
            return List.of();
        }
        hypotheses.sort(Comparator.comparingDouble((Hypothesis h) -> -h.confidence));
        Incident incident = new Incident();
        incident.diagnosis.hypotheses = hypotheses;
        incident.innocent = innocent;
        Hypothesis top = hypotheses.get(0);
        incident.title = title(top);
        incident.severity = severity(report, hypotheses);
        incident.id = "N-" + Integer.toHexString(incident.title.hashCode() & 0x7fffffff);
        incident.start = Long.MAX_VALUE;
        for (ReplayReport.Conversation c : report.conversations) {
            incident.start = Math.min(incident.start, c.startNanos);
            incident.end = Math.max(incident.end, c.startNanos + Math.round(c.durationMs * 1e6));
        }
        if (incident.start == Long.MAX_VALUE) {
            incident.start = 0;
        }
        incident.narrative = narrative(top, hypotheses, innocent);
        return List.of(incident);
    }

    private static Hypothesis hypothesis(Cause cause, Segment s, double confidence) {
        Hypothesis h = new Hypothesis();
        h.cause = cause.name();
        h.segment = new SegmentRef(s.from, s.to);
        h.confidence = confidence;
        return h;
    }

    static double confidence(double value, double threshold) {
        double excess = Math.max(0, value - threshold);
        return 0.5 + 0.5 * (1 - Math.exp(-excess / threshold));
    }

    private static String where(Hypothesis h) {
        return h.segment != null
                ? "on " + h.segment.from + " -> " + h.segment.to
                : "on " + h.entity;
    }

    private static String title(Hypothesis top) {
        String what =
                switch (Cause.valueOf(top.cause)) {
                    case LATENCY -> "Added latency";
                    case LOSS -> "Packet loss";
                    case REORDERING -> "Reordering";
                    case CONGESTION -> "Congestion";
                    case ASYMMETRIC_ROUTING -> "Asymmetric routing";
                    case RETRANSMISSIONS -> "Retransmissions";
                    case DEPLOY_REGRESSION -> "Regression after a deploy";
                    case CPU_SATURATION -> "CPU saturation";
                };
        return what + " " + where(top);
    }

    private String severity(ReplayReport report, List<Hypothesis> hypotheses) {
        for (Segment s : report.segments) {
            if (s.lossRatio >= 0.05 || (s.latencyMs != null && s.latencyMs.p50 >= 100)) {
                return "critical";
            }
        }
        boolean network =
                hypotheses.stream()
                        .anyMatch(
                                h ->
                                        !h.cause.equals(Cause.RETRANSMISSIONS.name())
                                                && !h.cause.equals(
                                                        Cause.ASYMMETRIC_ROUTING.name()));
        return network ? "major" : "minor";
    }

    private static String narrative(
            Hypothesis top, List<Hypothesis> all, List<ReplayReport.Innocent> innocent) {
        StringBuilder sb = new StringBuilder();
        sb.append(title(top))
                .append(String.format(Locale.ROOT, " (confidence %.0f %%): ", 100 * top.confidence))
                .append(top.evidence.isEmpty() ? "" : top.evidence.get(0))
                .append('.');
        for (int i = 1; i < all.size(); i++) {
            Hypothesis h = all.get(i);
            sb.append(" Also ")
                    .append(
                            Cause.valueOf(h.cause)
                                    .name()
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', ' '))
                    .append(' ')
                    .append(where(h))
                    .append(String.format(Locale.ROOT, " (%.0f %%)", 100 * h.confidence))
                    .append('.');
        }
        if (!innocent.isEmpty()) {
            sb.append(" Cleared: ");
            for (int i = 0; i < innocent.size(); i++) {
                ReplayReport.Innocent c = innocent.get(i);
                sb.append(i == 0 ? "" : "; ")
                        .append(c.segment.from)
                        .append("->")
                        .append(c.segment.to)
                        .append(" (")
                        .append(c.reason)
                        .append(')');
            }
            sb.append('.');
        }
        return sb.toString();
    }
}
