package io.phalanx.connectors.alerting;

import java.util.Locale;
import java.util.Set;

/**
 * One configured destination: its kind, the sender that reaches it, the PagerDuty routing key (null
 * elsewhere) and the Phalanx severities that page it (empty = all).
 */
public record AlertTarget(
        Kind kind, HttpAlertSender sender, String routingKey, Set<String> pageSeverities) {

    public enum Kind {
        ALERTMANAGER,
        PAGERDUTY,
        SLACK
    }

    public AlertTarget {
        pageSeverities = Set.copyOf(pageSeverities);
        if (kind == Kind.PAGERDUTY && (routingKey == null || routingKey.isBlank())) {
            throw new IllegalArgumentException("pagerduty target needs a routing key");
        }
    }

    public String name() {
        return sender.name();
    }

    boolean pages(String severity) {
        return pageSeverities.isEmpty()
                || (severity != null && pageSeverities.contains(severity.toLowerCase(Locale.ROOT)));
    }
}
