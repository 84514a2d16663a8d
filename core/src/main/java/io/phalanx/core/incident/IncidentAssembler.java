package io.phalanx.core.incident;

import io.phalanx.core.diagnosis.Cause;
import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReplayReport.Hypothesis;
import io.phalanx.core.report.ReplayReport.Incident;
import io.phalanx.core.report.ReplayReport.Innocent;
import io.phalanx.core.report.ReplayReport.SegmentRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one incident from everything known so far: the pattern detections, the segment and service
 * totals, the deploys, and (at the end of a capture) the end-of-capture network diagnosis.
 * Deterministic: the same evidence gives the same incident, so an update can be rebuilt from its
 * inputs and each re-issue differs only by what arrived.
 *
 * <p>Ranking: detections of one cause at one place form one hypothesis whose confidence is the
 * highest any of them reached; where the end-of-capture diagnosis judged the same cause and place,
 * its confidence (over the whole capture) wins and the detections add their evidence.
 * Retransmissions on a segment that also loses packets are evidence for the loss, not a cause; loss
 * on a congested segment is its tail drops, evidence for the congestion. A segment flagged both as
 * added latency and as congestion keeps the cause the whole capture shows (or, during the run, the
 * one matched more often).
 */
public final class IncidentAssembler {
    private final PatternRules rules;
    private final DiagnosisRules diagnosis;

    public IncidentAssembler(PatternRules rules, DiagnosisRules diagnosis) {
        this.rules = rules;
        this.diagnosis = diagnosis;
    }

    /** Everything the incident may cite. */
    public record Evidence(
            List<Detection> detections,
            List<DeployEvent> deploys,
            Map<String, ServiceTotals> services,
            Map<String, SegmentTotals> segments) {}

    /**
     * @param network the end-of-capture diagnosis of the same capture, or null during the run
     * @return null when there is nothing to report
     */
    public Incident assemble(Evidence e, Incident network, int version) {
        return assemble(e, network, version, null);
    }

    /**
     * @param id the id the incident's first version got (updates keep it), or null to derive one
     *     from its earliest detection
     */
    public Incident assemble(Evidence e, Incident network, int version, String id) {
        Map<String, Hypothesis> byKey = new LinkedHashMap<>();
        Map<String, Integer> matches = new LinkedHashMap<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        List<Detection> detections = new ArrayList<>(e.detections());
        detections.sort(
                Comparator.comparingLong((Detection d) -> d.startMs)
                        .thenComparing(d -> d.cause)
                        .thenComparing(Detection::location));
        Detection first = detections.isEmpty() ? null : detections.get(0);
        for (Detection d : detections) {
            start = Math.min(start, d.startMs);
            end = Math.max(end, d.endMs);
            String key = d.cause + "|" + d.location();
            Hypothesis h = byKey.get(key);
            if (h == null) {
                h = new Hypothesis();
                h.cause = d.cause;
                if (d.from != null) {
                    h.segment = new SegmentRef(d.from, d.to);
                } else {
                    h.entity = d.entity;
                }
                byKey.put(key, h);
            }
            h.confidence = Math.max(h.confidence, d.confidence);
            matches.merge(key, 1, Integer::sum);
            for (String line : d.evidence) {
                if (!h.evidence.contains(line) && h.evidence.size() < 6) {
                    h.evidence.add(line);
                }
            }
        }
        if (network != null) {
            for (Hypothesis n : network.diagnosis.hypotheses) {
                String key = n.cause + "|" + location(n);
                Hypothesis h = byKey.get(key);
                if (h == null) {
                    byKey.put(key, copy(n));
                } else {
                    h.confidence = n.confidence;
                    List<String> ev = new ArrayList<>(n.evidence);
                    for (String line : h.evidence) {
                        if (!ev.contains(line)) {
                            ev.add(line);
                        }
                    }
                    h.evidence = ev;
                }
            }
        }
        // Latency and congestion on one segment: keep one.
        for (String key : new ArrayList<>(byKey.keySet())) {
            if (!key.startsWith(Cause.LATENCY.name() + "|")) {
                continue;
            }
            String other = Cause.CONGESTION.name() + key.substring(Cause.LATENCY.name().length());
            if (!byKey.containsKey(other)) {
                continue;
            }
            String keep;
            if (network != null && hasCause(network, key)) {
                keep = key;
            } else if (network != null && hasCause(network, other)) {
                keep = other;
            } else {
                keep = matches.getOrDefault(key, 0) >= matches.getOrDefault(other, 0) ? key : other;
            }
            String drop = keep.equals(key) ? other : key;
            byKey.get(keep)
                    .evidence
                    .add(
                            String.format(
                                    Locale.ROOT,
                                    "%d of the intervals read as %s instead",
                                    matches.getOrDefault(drop, 0),
                                    drop.substring(0, drop.indexOf('|')).toLowerCase(Locale.ROOT)));
            byKey.remove(drop);
        }
        // Tail drops: loss on a congested segment is the queue overflowing, evidence of it.
        for (String key : new ArrayList<>(byKey.keySet())) {
            if (!key.startsWith(Cause.CONGESTION.name() + "|")) {
                continue;
            }
            String lossKey = Cause.LOSS.name() + key.substring(Cause.CONGESTION.name().length());
            Hypothesis lossy = byKey.remove(lossKey);
            if (lossy != null) {
                Hypothesis congestion = byKey.get(key);
                congestion.confidence = Math.max(congestion.confidence, lossy.confidence);
                for (String line : lossy.evidence) {
                    String tail = "tail drops: " + line;
                    if (!congestion.evidence.contains(tail)) {
                        congestion.evidence.add(tail);
                    }
                }
            }
        }
        // Retransmissions explained by loss.
        Hypothesis loss =
                byKey.values().stream()
                        .filter(h -> h.cause.equals(Cause.LOSS.name()))
                        .findFirst()
                        .orElse(null);
        if (loss != null) {
            for (String key : new ArrayList<>(byKey.keySet())) {
                Hypothesis h = byKey.get(key);
                if (h.cause.equals(Cause.RETRANSMISSIONS.name())) {
                    for (String line : h.evidence) {
                        if (!loss.evidence.contains(line)) {
                            loss.evidence.add(line);
                        }
                    }
                    byKey.remove(key);
                }
            }
        }
        if (byKey.isEmpty()) {
            return null;
        }
        List<Hypothesis> ranked = new ArrayList<>(byKey.values());
        ranked.sort(
                Comparator.comparingDouble((Hypothesis h) -> -h.confidence)
                        .thenComparing(h -> Cause.valueOf(h.cause).ordinal())
                        .thenComparing(IncidentAssembler::location));
        Incident i = new Incident();
        i.diagnosis.hypotheses = ranked;
        i.version = version;
        if (id != null) {
            i.id = id;
        } else if (first != null) {
            i.id =
                    String.format(
                            Locale.ROOT,
                            "INC-%08x",
                            (first.cause + "|" + first.location() + "|" + first.startMs)
                                    .hashCode());
        } else {
            i.id = network.id;
        }
        if (first != null) {
            i.start = start * 1_000_000L;
            i.end = end * 1_000_000L;
        }
        if (network != null) {
            i.start = first == null ? network.start : Math.min(i.start, network.start);
            i.end = Math.max(i.end, network.end);
        }
        i.innocent = innocence(e, ranked, network);
        i.severity = severity(ranked, e, network);
        i.title = IncidentNarrative.title(ranked.get(0));
        i.narrative = IncidentNarrative.render(i, e, rules);
        return i;
    }

    /**
     * Links the top hypothesis to the worst conversations of the report that cross its segment: by
     * handshake round trip for latency and congestion, by retransmissions otherwise (at most three,
     * each with its uid and endpoints so it can be looked up).
     */
    public static void addWorstConversations(Incident incident, ReplayReport report) {
        if (incident == null || incident.diagnosis.hypotheses.isEmpty()) {
            return;
        }
        Hypothesis top = incident.diagnosis.hypotheses.get(0);
        if (top.segment == null) {
            return;
        }
        boolean byRtt =
                top.cause.equals(Cause.LATENCY.name()) || top.cause.equals(Cause.CONGESTION.name());
        List<ReplayReport.Conversation> crossing = new ArrayList<>();
        for (ReplayReport.Conversation c : report.conversations) {
            boolean from = c.hops.stream().anyMatch(h -> h.capturePoint.equals(top.segment.from));
            boolean to = c.hops.stream().anyMatch(h -> h.capturePoint.equals(top.segment.to));
            boolean bad = byRtt ? c.rttMs != null : c.retransmissions > 0;
            if (from && to && bad) {
                crossing.add(c);
            }
        }
        crossing.sort(
                byRtt
                        ? Comparator.comparingDouble((ReplayReport.Conversation c) -> -c.rttMs)
                                .thenComparing(c -> c.uid)
                        : Comparator.comparingLong(
                                        (ReplayReport.Conversation c) -> -c.retransmissions)
                                .thenComparing(c -> c.uid));
        for (ReplayReport.Conversation c : crossing.subList(0, Math.min(3, crossing.size()))) {
            top.evidence.add(
                    String.format(
                            Locale.ROOT,
                            "worst conversation %s (%s %s:%d -> %s:%d): %s, %d retransmissions in %d packets",
                            c.uid,
                            c.proto,
                            c.orig.ip,
                            c.orig.port,
                            c.resp.ip,
                            c.resp.port,
                            c.rttMs == null
                                    ? "no handshake"
                                    : String.format(Locale.ROOT, "handshake RTT %.1f ms", c.rttMs),
                            c.retransmissions,
                            c.packets));
        }
    }

    private static boolean hasCause(Incident network, String key) {
        return network.diagnosis.hypotheses.stream()
                .anyMatch(h -> (h.cause + "|" + location(h)).equals(key));
    }

    static String location(Hypothesis h) {
        return h.segment != null ? h.segment.from + "->" + h.segment.to : h.entity;
    }

    private static Hypothesis copy(Hypothesis n) {
        Hypothesis h = new Hypothesis();
        h.cause = n.cause;
        h.segment = n.segment;
        h.entity = n.entity;
        h.confidence = n.confidence;
        h.evidence = new ArrayList<>(n.evidence);
        return h;
    }

    private List<Innocent> innocence(Evidence e, List<Hypothesis> ranked, Incident network) {
        List<Innocent> out = new ArrayList<>();
        java.util.Set<String> blamed = new java.util.HashSet<>();
        for (Hypothesis h : ranked) {
            blamed.add(location(h));
            if (h.entity != null && h.entity.startsWith("service:")) {
                blamed.add(h.entity);
            }
        }
        java.util.Set<String> cleared = new java.util.HashSet<>();
        if (network != null) {
            for (Innocent n : network.innocent) {
                String where = n.segment != null ? n.segment.from + "->" + n.segment.to : n.entity;
                if (!blamed.contains(where) && cleared.add(where)) {
                    out.add(n);
                }
            }
        }
        List<SegmentTotals> segments = new ArrayList<>(e.segments().values());
        segments.sort(Comparator.comparing((SegmentTotals s) -> s.from).thenComparing(s -> s.to));
        for (SegmentTotals s : segments) {
            String where = s.from + "->" + s.to;
            if (blamed.contains(where)
                    || cleared.contains(where)
                    || s.maxP50Ms >= diagnosis.innocentLatencyMs()
                    || s.lossRatio() >= diagnosis.innocentLossRatio()
                    || s.reorderRatio() >= rules.reorderRatio()) {
                continue;
            }
            Innocent i = new Innocent();
            i.segment = new SegmentRef(s.from, s.to);
            i.reason =
                    String.format(
                            Locale.ROOT,
                            "every %.0f s interval: median at most %.3f ms; %d of %d packets lost, %d reordered",
                            rules.kpiIntervalS(),
                            s.maxP50Ms,
                            s.lost,
                            s.packets,
                            s.reordered);
            cleared.add(where);
            out.add(i);
        }
        List<ServiceTotals> services = new ArrayList<>(e.services().values());
        services.sort(Comparator.comparing(s -> s.service));
        for (ServiceTotals s : services) {
            String where = "service:" + s.service;
            boolean cpuOk = Double.isNaN(s.cpuPeak) || s.cpuPeak < rules.cpuSaturation();
            if (blamed.contains(where) || !cpuOk || s.timeouts >= rules.timeouts()) {
                continue;
            }
            Innocent i = new Innocent();
            i.entity = where;
            i.reason =
                    String.format(
                            Locale.ROOT,
                            "%s%d timeouts in %d log lines",
                            Double.isNaN(s.cpuPeak)
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            "CPU peak %.0f %%%s; ",
                                            100 * s.cpuPeak,
                                            s.cpuPeakHost == null ? "" : " on " + s.cpuPeakHost),
                            s.timeouts,
                            s.logLines);
            out.add(i);
        }
        return out;
    }

    private String severity(List<Hypothesis> ranked, Evidence e, Incident network) {
        if (network != null && "critical".equals(network.severity)) {
            return "critical";
        }
        for (SegmentTotals s : e.segments().values()) {
            if (s.lossRatio() >= 0.05 || s.maxP50Ms >= 100) {
                return "critical";
            }
        }
        boolean major =
                ranked.stream()
                        .anyMatch(
                                h ->
                                        !Objects.equals(h.cause, Cause.RETRANSMISSIONS.name())
                                                && !Objects.equals(
                                                        h.cause, Cause.ASYMMETRIC_ROUTING.name()));
        return major ? "major" : "minor";
    }
}
