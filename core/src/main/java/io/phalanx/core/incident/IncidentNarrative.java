package io.phalanx.core.incident;

import io.phalanx.core.diagnosis.Cause;
import io.phalanx.core.report.ReplayReport.Hypothesis;
import io.phalanx.core.report.ReplayReport.Incident;
import io.phalanx.core.report.ReplayReport.Innocent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The deterministic narrative of an incident: one lead sentence that joins the domains ("Congestion
 * between hop2 and hop3 began 40 s after deploy checkout v42; CPU on checkout-1 rose to 95 %; 120
 * timeouts in checkout logs."), the top evidence, the other hypotheses and what is cleared. The
 * optional LLM layer ({@link LlmNarrator}) rewrites this text and falls back to it.
 */
public final class IncidentNarrative {
    private IncidentNarrative() {}

    static String what(String cause) {
        return switch (Cause.valueOf(cause)) {
            case LATENCY -> "Added latency";
            case LOSS -> "Packet loss";
            case REORDERING -> "Reordering";
            case CONGESTION -> "Congestion";
            case ASYMMETRIC_ROUTING -> "Asymmetric routing";
            case RETRANSMISSIONS -> "Retransmissions";
            case DEPLOY_REGRESSION -> "Regression after a deploy";
            case CPU_SATURATION -> "CPU saturation";
        };
    }

    static String where(Hypothesis h) {
        if (h.segment != null) {
            return "between " + h.segment.from + " and " + h.segment.to;
        }
        return "on " + h.entity;
    }

    /** "Congestion between hop2 and hop3", "CPU saturation on host:checkout-1". */
    public static String title(Hypothesis top) {
        return what(top.cause) + " " + where(top);
    }

    public static String render(Incident i, IncidentAssembler.Evidence e, PatternRules rules) {
        List<Hypothesis> all = i.diagnosis.hypotheses;
        Hypothesis lead = all.get(0);
        // A deploy regression is the story's cause, the symptom leads the sentence.
        Detection deploy = null;
        for (Detection d : e.detections()) {
            if (d.cause.equals(Cause.DEPLOY_REGRESSION.name())
                    && (deploy == null || d.deployTsMs < deploy.deployTsMs)) {
                deploy = d;
            }
        }
        if (lead.cause.equals(Cause.DEPLOY_REGRESSION.name()) && all.size() > 1) {
            lead = all.get(1);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(title(lead));
        long startMs = Math.floorDiv(i.start, 1_000_000L);
        if (deploy != null) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            " began %d s after deploy %s %s",
                            Math.max(0, Math.round((startMs - deploy.deployTsMs) / 1000.0)),
                            deploy.service,
                            deploy.deployVersion));
        } else if (i.start > 0) {
            sb.append(" began at ").append(Instant.ofEpochMilli(startMs));
        }
        List<ServiceTotals> services = new java.util.ArrayList<>(e.services().values());
        services.sort(java.util.Comparator.comparing(s -> s.service));
        for (ServiceTotals s : services) {
            if (!Double.isNaN(s.cpuPeak) && s.cpuPeak >= rules.cpuSaturation()) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "; CPU on %s rose to %.0f %%",
                                s.cpuPeakHost != null ? s.cpuPeakHost : s.service,
                                100 * s.cpuPeak));
            }
        }
        for (ServiceTotals s : services) {
            if (s.timeouts > 0) {
                sb.append(
                        String.format(
                                Locale.ROOT, "; %d timeouts in %s logs", s.timeouts, s.service));
            }
        }
        sb.append('.');
        if (!lead.evidence.isEmpty()) {
            sb.append(' ')
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "Evidence (confidence %.0f %%): ",
                                    100 * lead.confidence))
                    .append(lead.evidence.get(0))
                    .append('.');
        }
        for (Hypothesis h : all) {
            if (h == lead) {
                continue;
            }
            sb.append(" Also ")
                    .append(what(h.cause).toLowerCase(Locale.ROOT))
                    .append(' ')
                    .append(where(h))
                    .append(String.format(Locale.ROOT, " (%.0f %%)", 100 * h.confidence))
                    .append('.');
        }
        if (!i.innocent.isEmpty()) {
            sb.append(" Cleared: ");
            for (int k = 0; k < i.innocent.size(); k++) {
                Innocent c = i.innocent.get(k);
                sb.append(k == 0 ? "" : "; ")
                        .append(c.segment != null ? c.segment.from + "->" + c.segment.to : c.entity)
                        .append(" (")
                        .append(c.reason)
                        .append(')');
            }
            sb.append('.');
        }
        return sb.toString();
    }
}
