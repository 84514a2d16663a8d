package io.phalanx.core.governance;

import io.phalanx.core.diagnosis.Cause;
import io.phalanx.core.report.ReplayReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one of the platform's incident updates ({@code phalanx.incidents.v1}, {@code
 * {"v":1,"id","version","ts","incident":{...}}}, the incident being the replay report's {@code
 * incidents[]} element) to what remediation needs:
 *
 * <ul>
 *   <li>cause: the top (most likely) hypothesis' cause; location: its segment {@code from->to} or
 *       its entity;
 *   <li>service: the first hypothesis (in rank order) whose entity is {@code service:<name>}, else
 *       the first evidence line naming one ({@code service="<name>"} of a metric, {@code deploy
 *       <name> <version>} of a deploy);
 *   <li>criticality: from the business priority when there is one ({@code P1} critical, {@code P2}
 *       high, else standard), else from the severity ({@code critical} critical, {@code major}
 *       high, else standard);
 *   <li>evidence: asymmetric paths when any hypothesis is {@code ASYMMETRIC_ROUTING}; the deploy
 *       from a {@code deploy <service> <version> (from <previous>)} line; the burn rate from a
 *       {@code burning at <x>x} line; the backup path's health is never known.
 * </ul>
 */
public final class PlatformIncident {
    private static final Pattern SERVICE_LABEL = Pattern.compile("service=\"([^\"]+)\"");
    private static final Pattern DEPLOY =
            Pattern.compile("^deploy (\\S+) (\\S+)(?: \\(from (\\S+)\\))?");
    private static final Pattern BURN = Pattern.compile("burning at ([0-9]+(?:\\.[0-9]+)?)x");

    private PlatformIncident() {}

    /** The top hypothesis' location: segment {@code from->to}, or its entity. */
    public static String location(ReplayReport.Incident incident) {
        ReplayReport.Hypothesis top = top(incident);
        return top.segment != null ? top.segment.from + "->" + top.segment.to : top.entity;
    }

    /** The service the incident names, if any. */
    public static Optional<String> service(ReplayReport.Incident incident) {
        for (ReplayReport.Hypothesis h : incident.diagnosis.hypotheses) {
            if (h.entity != null && h.entity.startsWith("service:") && h.entity.length() > 8) {
                return Optional.of(h.entity.substring(8));
            }
        }
        for (ReplayReport.Hypothesis h : incident.diagnosis.hypotheses) {
            for (String line : h.evidence) {
                Matcher m = SERVICE_LABEL.matcher(line);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
                m = DEPLOY.matcher(line);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /** The criticality the playbook matches on. */
    public static String criticality(ReplayReport.Incident incident) {
        if (incident.priority != null && incident.priority.level != null) {
            return switch (incident.priority.level.toUpperCase(Locale.ROOT)) {
                case "P1" -> "critical";
                case "P2" -> "high";
                default -> "standard";
            };
        }
        String s = incident.severity == null ? "" : incident.severity.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "critical" -> "critical";
            case "major" -> "high";
            default -> "standard";
        };
    }

    /**
     * The remediation view of {@code incident}.
     *
     * @param ts the update's time (null: epoch)
     * @param environment the environment whose governance applies
     * @throws IllegalArgumentException naming what is missing (no hypothesis, unknown cause, no
     *     service)
     */
    public static IncidentSummary toSummary(
            ReplayReport.Incident incident, Instant ts, String environment) {
        if (incident == null || incident.id == null || incident.id.isBlank()) {
            throw new IllegalArgumentException("incident.id: required");
        }
        ReplayReport.Hypothesis top = top(incident);
        Cause cause;
        try {
            cause = Cause.valueOf(String.valueOf(top.cause));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "incident.diagnosis.hypotheses[0].cause: unknown cause '" + top.cause + "'");
        }
        String service =
                service(incident)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "service: the incident names none (top cause "
                                                        + cause
                                                        + " at "
                                                        + location(incident)
                                                        + ")"));
        List<ReplayReport.Hypothesis> all = incident.diagnosis.hypotheses;
        boolean asymmetric =
                all.stream().anyMatch(h -> Cause.ASYMMETRIC_ROUTING.name().equals(h.cause));
        String version = null;
        String previous = null;
        double burnRate = Double.NaN;
        for (ReplayReport.Hypothesis h : all) {
            for (String line : h.evidence) {
                Matcher d = DEPLOY.matcher(line);
                if (version == null && d.find() && d.group(1).equals(service)) {
                    version = d.group(2);
                    previous = d.group(3);
                }
                Matcher b = BURN.matcher(line);
                if (Double.isNaN(burnRate) && b.find()) {
                    burnRate = Double.parseDouble(b.group(1));
                }
            }
        }
        return new IncidentSummary(
                incident.id,
                ts == null ? Instant.EPOCH : ts,
                service,
                environment,
                cause,
                criticality(incident),
                asymmetric,
                null,
                burnRate,
                version,
                previous);
    }

    private static ReplayReport.Hypothesis top(ReplayReport.Incident incident) {
        if (incident.diagnosis == null || incident.diagnosis.hypotheses.isEmpty()) {
            throw new IllegalArgumentException("incident.diagnosis.hypotheses: none");
        }
        return incident.diagnosis.hypotheses.get(0);
    }
}
