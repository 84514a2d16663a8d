package io.phalanx.core.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.report.ReplayReport;
import java.time.Instant;

/**
 * Builds the request bodies of the three targets, following each vendor's documented API:
 * Alertmanager {@code POST /api/v2/alerts} (a JSON array of postable alerts), PagerDuty Events API
 * v2 ({@code POST /v2/enqueue}) and Slack incoming webhooks ({@code text} + {@code blocks}).
 *
 * <p>Deduplication: Alertmanager identifies an alert by its label set, so every version of an
 * incident posts the same labels ({@code alertname}, {@code incident_id}, {@code source}); the
 * severity is an annotation, not a label, so an escalation refreshes the alert instead of forking a
 * second one. PagerDuty uses {@code dedup_key} = the incident id. Slack webhooks cannot edit or
 * thread, so an update is a new message titled "Updated" that names the incident id and version.
 */
public final class AlertPayloads {
    public static final String ALERT_NAME = "PhalanxIncident";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String generatorUrl;

    /**
     * @param source who raises the alert (PagerDuty {@code payload.source}, Alertmanager label
     *     {@code source})
     * @param generatorUrl link back to Phalanx (battlemap); {@code {id}} is replaced by the
     *     incident id; may be null
     */
    public AlertPayloads(String source, String generatorUrl) {
        this.source = source;
        this.generatorUrl = generatorUrl;
    }

    /** Alertmanager: a one-element array; {@code endsAt} only when resolving. */
    public String alertmanager(
            AlertAction action, String id, ReplayReport.Incident incident, Instant now) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", ALERT_NAME);
        labels.put("incident_id", id);
        labels.put("source", source);
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", title(id, incident));
        annotations.put("severity", SeverityMapping.alertmanager(severity(incident)));
        if (incident != null && incident.narrative != null) {
            annotations.put("description", incident.narrative);
        }
        if (incident != null) {
            annotations.put("version", Integer.toString(incident.version));
        }
        alert.put("startsAt", startsAt(incident, now).toString());
        if (action == AlertAction.RESOLVE) {
            alert.put("endsAt", now.toString());
        }
        if (generatorUrl != null) {
            alert.put("generatorURL", link(id));
        }
        ArrayNode body = JSON.createArrayNode();
        body.add(alert);
        return body.toString();
    }

    /**
     * PagerDuty Events v2: a trigger carries the payload; a resolve carries only routing key,
     * action and dedup key, as the API documents.
     */
    public String pagerDuty(
            AlertAction action,
            String routingKey,
            String id,
            ReplayReport.Incident incident,
            Instant now) {
        ObjectNode body = JSON.createObjectNode();
        body.put("routing_key", routingKey);
        body.put(
                "event_action",
                switch (action) {
                    case TRIGGER, UPDATE -> "trigger";
                    case RESOLVE -> "resolve";
                });
        body.put("dedup_key", id);
        if (action != AlertAction.RESOLVE) {
            ObjectNode payload = body.putObject("payload");
            payload.put("summary", truncate(title(id, incident), 1024));
            payload.put("source", source);
            payload.put("severity", SeverityMapping.pagerDuty(severity(incident)));
            payload.put("timestamp", startsAt(incident, now).toString());
            payload.put("component", "network");
            ObjectNode details = payload.putObject("custom_details");
            details.put("incident_id", id);
            if (incident != null) {
                details.put("version", incident.version);
                details.put("severity", incident.severity);
                if (incident.narrative != null) {
                    details.put("narrative", incident.narrative);
                }
                if (!incident.diagnosis.hypotheses.isEmpty()
                        && incident.diagnosis.hypotheses.get(0).cause != null) {
                    details.put("cause", incident.diagnosis.hypotheses.get(0).cause);
                }
            }
            body.put("client", "Phalanx");
            if (generatorUrl != null) {
                body.put("client_url", link(id));
            }
        }
        return body.toString();
    }

    /** Slack incoming webhook: {@code text} is the notification fallback, blocks the message. */
    public String slack(AlertAction action, String id, ReplayReport.Incident incident) {
        String heading =
                switch (action) {
                    case TRIGGER -> "Incident opened";
                    case UPDATE -> "Incident updated";
                    case RESOLVE -> "Incident resolved";
                };
        String version = incident == null ? "" : " v" + incident.version;
        String sev = severity(incident) == null ? "unknown" : severity(incident);
        String text =
                heading + ": [" + sev + "] " + title(id, incident) + " (" + id + version + ")";
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        ObjectNode headerText = header.putObject("text");
        headerText.put("type", "plain_text");
        headerText.put("text", truncate(heading + ": " + title(id, incident), 150));
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode sectionText = section.putObject("text");
        sectionText.put("type", "mrkdwn");
        String narrative =
                incident == null || incident.narrative == null ? "" : "\n" + incident.narrative;
        sectionText.put("text", truncate("*Severity:* " + sev + narrative, 3000));
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        ObjectNode contextText = context.putArray("elements").addObject();
        contextText.put("type", "mrkdwn");
        contextText.put(
                "text",
                "`" + id + "`" + version + (generatorUrl == null ? "" : " · <" + link(id) + ">"));
        return body.toString();
    }

    private String link(String id) {
        return generatorUrl.replace("{id}", id);
    }

    private static String title(String id, ReplayReport.Incident incident) {
        return incident == null || incident.title == null ? id : incident.title;
    }

    private static String severity(ReplayReport.Incident incident) {
        return incident == null ? null : incident.severity;
    }

    /** {@code start} is ns since the epoch; 0 means unknown, so fall back to now. */
    private static Instant startsAt(ReplayReport.Incident incident, Instant now) {
        if (incident == null || incident.start <= 0) {
            return now;
        }
        return Instant.ofEpochSecond(0, incident.start);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
