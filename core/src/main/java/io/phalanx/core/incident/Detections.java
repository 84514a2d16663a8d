package io.phalanx.core.incident;

import io.phalanx.core.diagnosis.Cause;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Turns the signals a pattern matched into a {@link Detection}: the cause, the place, the span, a
 * confidence from how far the figures exceed their thresholds ({@link PatternRules#confidence}) and
 * evidence lines that name the entities and figures.
 */
public final class Detections {
    private Detections() {}

    private static Detection segment(Cause cause, List<Signal> kpis) {
        Signal first = kpis.get(0);
        Signal last = kpis.get(kpis.size() - 1);
        return Detection.of(cause, first.entity, first.intervalStartMs, last.tsMs)
                .segment(first.from, first.to);
    }

    private static String span(List<Signal> kpis) {
        Signal first = kpis.get(0);
        return String.format(
                Locale.ROOT,
                "%d interval(s) from %s",
                kpis.size(),
                Instant.ofEpochMilli(first.intervalStartMs));
    }

    private static double mean(List<Signal> kpis, java.util.function.ToDoubleFunction<Signal> f) {
        return kpis.stream().mapToDouble(f).average().orElse(0);
    }

    /** Steady added delay (or, with {@code congested}, varying queueing delay). */
    public static Detection delay(List<Signal> kpis, PatternRules rules, boolean congested) {
        Detection d = segment(congested ? Cause.CONGESTION : Cause.LATENCY, kpis);
        double p50 = mean(kpis, s -> s.p50Ms);
        double p99 = kpis.stream().mapToDouble(s -> s.p99Ms).max().orElse(p50);
        double spread = mean(kpis, Signal::latencySpread);
        long lost = kpis.stream().mapToLong(s -> s.lost).sum();
        long packets = kpis.stream().mapToLong(s -> s.packets).sum();
        double mbps = mean(kpis, s -> s.bytes * 8e-3 / Math.max(1, s.tsMs - s.intervalStartMs));
        d.figure = p50;
        d.count = kpis.size();
        d.confidence = PatternRules.confidence(p50, rules.latencyMs());
        String line =
                String.format(
                        Locale.ROOT,
                        "segment %s->%s: median one-way latency %.3f ms, p99 %.3f ms (spread %.0f %% of the median, %s) over %s at %.1f Mbit/s",
                        d.from,
                        d.to,
                        p50,
                        p99,
                        100 * spread,
                        congested ? "varying: queueing" : "steady: added delay",
                        span(kpis),
                        mbps);
        if (congested && lost > 0) {
            d.evidence(
                    line,
                    String.format(
                            Locale.ROOT,
                            "tail drops: %d of %d packets lost (%.2f %%)",
                            lost,
                            packets,
                            100.0 * lost / packets));
        } else {
            d.evidence(line);
        }
        return d;
    }

    public static Detection loss(List<Signal> kpis, PatternRules rules) {
        Detection d = segment(Cause.LOSS, kpis);
        long lost = kpis.stream().mapToLong(s -> s.lost).sum();
        long packets = kpis.stream().mapToLong(s -> s.packets).sum();
        double ratio = (double) lost / packets;
        d.figure = ratio;
        d.count = lost;
        d.confidence = PatternRules.confidence(ratio, rules.lossRatio());
        return d.evidence(
                String.format(
                        Locale.ROOT,
                        "segment %s->%s: %d of %d packets (%.2f %%) seen at %s never reached %s in %s",
                        d.from,
                        d.to,
                        lost,
                        packets,
                        100 * ratio,
                        d.from,
                        d.to,
                        span(kpis)));
    }

    public static Detection reordering(List<Signal> kpis, PatternRules rules) {
        Detection d = segment(Cause.REORDERING, kpis);
        long reordered = kpis.stream().mapToLong(s -> s.reordered).sum();
        long arrived = kpis.stream().mapToLong(s -> s.packets - s.lost).sum();
        double ratio = arrived == 0 ? 0 : (double) reordered / arrived;
        d.figure = ratio;
        d.count = reordered;
        d.confidence = PatternRules.confidence(ratio, rules.reorderRatio());
        return d.evidence(
                String.format(
                        Locale.ROOT,
                        "segment %s->%s: %d of %d packets (%.2f %%) overtaken in %s",
                        d.from,
                        d.to,
                        reordered,
                        arrived,
                        100 * ratio,
                        span(kpis)));
    }

    public static Detection retransmissions(List<Signal> kpis, PatternRules rules) {
        Detection d = segment(Cause.RETRANSMISSIONS, kpis);
        long retransmissions = kpis.stream().mapToLong(s -> s.retransmissions).sum();
        d.count = retransmissions;
        d.figure = retransmissions;
        // Retransmissions are a symptom: below any direct network cause of the same segment.
        d.confidence =
                Math.min(
                        0.6, PatternRules.confidence(retransmissions, rules.retransmissionStorm()));
        return d.evidence(
                String.format(
                        Locale.ROOT,
                        "%d retransmissions by senders whose packets cross %s->%s in %s",
                        retransmissions,
                        d.from,
                        d.to,
                        span(kpis)));
    }

    /** A saturated CPU sample followed by a run of timeout log lines of the same service. */
    public static Detection cpuSaturation(Signal cpu, List<Signal> timeouts, PatternRules rules) {
        String where = cpu.host != null ? "host:" + cpu.host : "service:" + cpu.service;
        Detection d =
                Detection.of(
                        Cause.CPU_SATURATION,
                        where,
                        cpu.tsMs,
                        timeouts.get(timeouts.size() - 1).tsMs);
        d.service = cpu.service;
        d.host = cpu.host;
        d.figure = cpu.value;
        d.count = timeouts.size();
        d.confidence =
                0.5 * PatternRules.confidence(cpu.value, rules.cpuSaturation())
                        + 0.5 * PatternRules.confidence(timeouts.size(), rules.timeouts());
        return d.evidence(
                String.format(
                        Locale.ROOT,
                        "metric cpu_utilization{service=\"%s\",host=\"%s\"} reached %.0f %% at %s",
                        cpu.service,
                        cpu.host,
                        100 * cpu.value,
                        Instant.ofEpochMilli(cpu.tsMs)),
                String.format(
                        Locale.ROOT,
                        "%d timeout lines in %s logs within %.0f s after it, first: \"%s\"",
                        timeouts.size(),
                        cpu.service,
                        rules.cpuTimeoutWindowS(),
                        timeouts.get(0).message));
    }

    /** A degradation (a detection, or a burning SLO) that began within the window of a deploy. */
    public static Detection deployRegression(
            Signal deploy, Signal degradation, PatternRules rules) {
        long began =
                degradation.kind == Signal.Kind.DETECTION
                        ? degradation.detection.startMs
                        : degradation.tsMs;
        Detection d =
                Detection.of(
                        Cause.DEPLOY_REGRESSION,
                        "service:" + deploy.service,
                        began,
                        degradation.tsMs);
        d.service = deploy.service;
        d.deployVersion = deploy.version;
        d.deployTsMs = deploy.tsMs;
        String what;
        if (degradation.kind == Signal.Kind.DETECTION) {
            d.degradedCause = degradation.detection.cause;
            d.degradedEntity = degradation.detection.location();
            what =
                    degradation.detection.cause.toLowerCase(Locale.ROOT).replace('_', ' ')
                            + " on "
                            + degradation.detection.location();
        } else {
            d.degradedCause = "SLO_BURN";
            d.degradedEntity = "slo:" + degradation.name;
            what =
                    String.format(
                            Locale.ROOT,
                            "SLO %s burning at %.1fx",
                            degradation.name,
                            degradation.value);
        }
        double afterS = (began - deploy.tsMs) / 1000.0;
        d.figure = afterS;
        // The closer to the deploy, the likelier; never above the symptom's own confidence.
        d.confidence = 0.5 + 0.4 * Math.max(0, 1 - afterS / rules.deployWindowS());
        return d.evidence(
                String.format(
                        Locale.ROOT,
                        "deploy %s %s%s%s at %s",
                        deploy.service,
                        deploy.version,
                        deploy.previousVersion == null
                                ? ""
                                : " (from " + deploy.previousVersion + ")",
                        deploy.actor == null ? "" : " by " + deploy.actor,
                        Instant.ofEpochMilli(deploy.tsMs)),
                String.format(Locale.ROOT, "%s began %.0f s later", what, afterS));
    }
}
