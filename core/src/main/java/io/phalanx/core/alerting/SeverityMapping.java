package io.phalanx.core.alerting;

import java.util.Locale;

/** Phalanx severities (critical, major, minor) in each vendor's vocabulary. */
public final class SeverityMapping {
    private SeverityMapping() {}

    /** PagerDuty Events v2 {@code payload.severity}: critical, error, warning or info. */
    public static String pagerDuty(String severity) {
        return switch (normalise(severity)) {
            case "critical" -> "critical";
            case "major" -> "error";
            case "minor" -> "warning";
            default -> "info";
        };
    }

    /** Alertmanager {@code severity} label: the Phalanx name, or {@code info} when unknown. */
    public static String alertmanager(String severity) {
        String s = normalise(severity);
        return switch (s) {
            case "critical", "major", "minor" -> s;
            default -> "info";
        };
    }

    static String normalise(String severity) {
        return severity == null ? "" : severity.trim().toLowerCase(Locale.ROOT);
    }
}
