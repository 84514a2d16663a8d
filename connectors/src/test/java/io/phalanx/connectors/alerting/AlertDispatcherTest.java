package io.phalanx.connectors.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.alerting.AlertAction;
import io.phalanx.core.alerting.AlertPayloads;
import io.phalanx.core.alerting.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T12:05:00Z");
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 4);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<AlertDeadLetter> deadLetters = new ArrayList<>();
    private AlertReceiver alertmanager;
    private AlertReceiver pagerduty;
    private AlertReceiver slack;
    private AlertDispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        alertmanager = new AlertReceiver();
        pagerduty = new AlertReceiver();
        slack = new AlertReceiver();
        dispatcher =
                new AlertDispatcher(
                        List.of(
                                target(
                                        AlertTarget.Kind.ALERTMANAGER,
                                        "am",
                                        alertmanager,
                                        "/api/v2/alerts",
                                        null),
                                target(
                                        AlertTarget.Kind.PAGERDUTY,
                                        "pd",
                                        pagerduty,
                                        "/v2/enqueue",
                                        "rk-123"),
                                target(AlertTarget.Kind.SLACK, "slack", slack, "/hook", null)),
                        new AlertPayloads("phalanx", "http://battlemap/incidents/{id}"),
                        deadLetters::add,
                        clock);
    }

    @AfterEach
    void stop() {
        alertmanager.close();
        pagerduty.close();
        slack.close();
    }

    private AlertTarget target(
            AlertTarget.Kind kind, String name, AlertReceiver receiver, String path, String key) {
        return target(kind, name, receiver, path, key, Set.of());
    }

    private AlertTarget target(
            AlertTarget.Kind kind,
            String name,
            AlertReceiver receiver,
            String path,
            String key,
            Set<String> pageSeverities) {
        HttpAlertSender sender =
                new HttpAlertSender(
                        name,
                        receiver.uri(path),
                        Map.of(),
                        HttpAlertSender.defaultClient(Duration.ofSeconds(5)),
                        Duration.ofSeconds(5),
                        POLICY,
                        sleeps::add,
                        clock);
        return new AlertTarget(kind, sender, key, pageSeverities);
    }

    private static String update(String id, int version, String severity, String title) {
        long startNs = START.getEpochSecond() * 1_000_000_000L;
        return "{\"v\":1,\"id\":\""
                + id
                + "\",\"version\":"
                + version
                + ",\"ts\":\"2026-03-01T12:00:10Z\",\"incident\":{\"id\":\""
                + id
                + "\",\"version\":"
                + version
                + ",\"start\":"
                + startNs
                + ",\"end\":"
                + (startNs + 10_000_000_000L)
                + ",\"severity\":\""
                + severity
                + "\",\"title\":\""
                + title
                + "\",\"diagnosis\":{\"hypotheses\":"
                + "[{\"cause\":\"CONGESTION\"}]},\"innocent\":[],\"narrative\":\"v"
                + version
                + " evidence\"}}";
    }

    private static String resolve(String id, int version) {
        return "{\"v\":1,\"id\":\""
                + id
                + "\",\"version\":"
                + version
                + ",\"ts\":\"2026-03-01T12:05:00Z\",\"resolved\":true}";
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void threeVersionsThenResolvePageOnceAndResolveOncePerTarget() throws Exception {
        String title = "Added latency between hop2 and hop3";
        assertThat(dispatcher.accept(update("INC-1", 1, "major", title)))
                .contains(AlertAction.TRIGGER);
        assertThat(dispatcher.accept(update("INC-1", 2, "major", title)))
                .contains(AlertAction.UPDATE);
        assertThat(dispatcher.accept(update("INC-1", 3, "critical", title)))
                .contains(AlertAction.UPDATE);
        assertThat(dispatcher.accept(resolve("INC-1", 4))).contains(AlertAction.RESOLVE);
        // a replay of the whole history changes nothing
        assertThat(dispatcher.accept(update("INC-1", 1, "major", title))).isEmpty();
        assertThat(dispatcher.accept(update("INC-1", 5, "major", title))).isEmpty();
        assertThat(dispatcher.accept(resolve("INC-1", 4))).isEmpty();

        // PagerDuty: exactly one trigger and one resolve, same dedup key
        assertThat(pagerduty.bodies()).hasSize(2);
        assertThat(json(pagerduty.bodies().get(0)))
                .isEqualTo(
                        json(
                                """
                {"routing_key":"rk-123","event_action":"trigger","dedup_key":"INC-1",
                 "payload":{"summary":"Added latency between hop2 and hop3","source":"phalanx",
                   "severity":"error","timestamp":"2026-03-01T12:00:00Z","component":"network",
                   "custom_details":{"incident_id":"INC-1","version":1,"severity":"major",
                     "narrative":"v1 evidence","cause":"CONGESTION"}},
                 "client":"Phalanx","client_url":"http://battlemap/incidents/INC-1"}"""));
        assertThat(json(pagerduty.bodies().get(1)))
                .isEqualTo(
                        json(
                                """
                {"routing_key":"rk-123","event_action":"resolve","dedup_key":"INC-1"}"""));

        // Alertmanager: firing (no endsAt) three times with the same labels, then resolved
        assertThat(alertmanager.bodies()).hasSize(4);
        assertThat(json(alertmanager.bodies().get(0)))
                .isEqualTo(
                        json(
                                """
                [{"labels":{"alertname":"PhalanxIncident","incident_id":"INC-1","source":"phalanx"},
                  "annotations":{"summary":"Added latency between hop2 and hop3","severity":"major",
                    "description":"v1 evidence","version":"1"},
                  "startsAt":"2026-03-01T12:00:00Z",
                  "generatorURL":"http://battlemap/incidents/INC-1"}]"""));
        assertThat(
                        json(alertmanager.bodies().get(2))
                                .get(0)
                                .get("annotations")
                                .get("severity")
                                .asText())
                .isEqualTo("critical");
        for (String body : alertmanager.bodies()) {
            assertThat(json(body).get(0).get("labels"))
                    .isEqualTo(json(alertmanager.bodies().get(0)).get(0).get("labels"));
        }
        assertThat(alertmanager.bodies().subList(0, 3)).noneMatch(b -> b.contains("endsAt"));
        assertThat(json(alertmanager.bodies().get(3)))
                .isEqualTo(
                        json(
                                """
                [{"labels":{"alertname":"PhalanxIncident","incident_id":"INC-1","source":"phalanx"},
                  "annotations":{"summary":"Added latency between hop2 and hop3","severity":"critical",
                    "description":"v3 evidence","version":"3"},
                  "startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T12:05:00Z",
                  "generatorURL":"http://battlemap/incidents/INC-1"}]"""));

        // Slack: opened, updated twice, resolved
        assertThat(slack.bodies())
                .extracting(b -> json(b).get("text").asText())
                .containsExactly(
                        "Incident opened: [major] " + title + " (INC-1 v1)",
                        "Incident updated: [major] " + title + " (INC-1 v2)",
                        "Incident updated: [critical] " + title + " (INC-1 v3)",
                        "Incident resolved: [critical] " + title + " (INC-1 v3)");
        assertThat(json(slack.bodies().get(0)))
                .isEqualTo(
                        json(
                                """
                {"text":"Incident opened: [major] Added latency between hop2 and hop3 (INC-1 v1)",
                 "blocks":[
                  {"type":"header","text":{"type":"plain_text",
                     "text":"Incident opened: Added latency between hop2 and hop3"}},
                  {"type":"section","text":{"type":"mrkdwn","text":"*Severity:* major\\nv1 evidence"}},
                  {"type":"context","elements":[{"type":"mrkdwn",
                     "text":"`INC-1` v1 · <http://battlemap/incidents/INC-1>"}]}]}"""));
        assertThat(deadLetters).isEmpty();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void duplicatesAndOutOfOrderVersionsAreIgnored() throws Exception {
        assertThat(dispatcher.accept(update("INC-2", 3, "minor", "t")))
                .contains(AlertAction.TRIGGER);
        assertThat(dispatcher.accept(update("INC-2", 3, "minor", "t"))).isEmpty();
        assertThat(dispatcher.accept(update("INC-2", 2, "minor", "t"))).isEmpty();
        assertThat(dispatcher.accept(update("INC-2", 1, "minor", "t"))).isEmpty();

        assertThat(pagerduty.bodies()).hasSize(1);
        assertThat(alertmanager.bodies()).hasSize(1);
        assertThat(slack.bodies()).hasSize(1);
        assertThat(json(pagerduty.bodies().get(0)).get("payload").get("severity").asText())
                .isEqualTo("warning");
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoff() throws Exception {
        pagerduty.then(500).then(500);

        dispatcher.accept(update("INC-3", 1, "critical", "t"));

        assertThat(pagerduty.bodies())
                .hasSize(3)
                .allMatch(b -> b.equals(pagerduty.bodies().get(0)));
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(deadLetters).isEmpty();
        // delivered: the resolve goes out, so the trigger counted as a page
        dispatcher.accept(resolve("INC-3", 2));
        assertThat(json(pagerduty.bodies().get(3)).get("event_action").asText())
                .isEqualTo("resolve");
    }

    @Test
    void retryAfterOn429IsHonoured() throws Exception {
        slack.then(429, "3");

        dispatcher.accept(update("INC-4", 1, "major", "t"));

        assertThat(slack.bodies()).hasSize(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aTargetThatKeepsFailingIsDeadLetteredAndTheOthersStillGetThePage() throws Exception {
        alertmanager.then(503).then(503).then(503).then(503);

        dispatcher.accept(update("INC-5", 1, "major", "t"));

        assertThat(alertmanager.bodies()).hasSize(4);
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(deadLetters).hasSize(1);
        AlertDeadLetter dead = deadLetters.get(0);
        assertThat(dead.target()).isEqualTo("am");
        assertThat(dead.incidentId()).isEqualTo("INC-5");
        assertThat(dead.action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.reason()).isEqualTo("HTTP 503: {\"status\":503}");
        assertThat(dead.payload()).isEqualTo(alertmanager.bodies().get(3));
        assertThat(pagerduty.bodies()).hasSize(1);
        assertThat(slack.bodies()).hasSize(1);

        // the next version tries the unpaged target again as a trigger, not an update
        dispatcher.accept(update("INC-5", 2, "major", "t"));
        assertThat(alertmanager.bodies()).hasSize(5);
        assertThat(json(alertmanager.bodies().get(4)).get(0).has("endsAt")).isFalse();
        assertThat(pagerduty.bodies()).hasSize(1);
    }

    @Test
    void clientErrorsOtherThan429AreNotRetried() throws Exception {
        pagerduty.then(400);

        dispatcher.accept(update("INC-6", 1, "major", "t"));

        assertThat(pagerduty.bodies()).hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(deadLetters)
                .extracting(AlertDeadLetter::target, AlertDeadLetter::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pd", 1));
    }

    @Test
    void aRecordThatIsNotAnIncidentUpdateIsDeadLetteredWithoutSending() throws Exception {
        assertThat(dispatcher.accept("{\"v\":1,\"incidentId\":\"inc-42\"}")).isEmpty();

        assertThat(deadLetters)
                .extracting(AlertDeadLetter::target, AlertDeadLetter::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("-", "missing id or version"));
        assertThat(pagerduty.bodies()).isEmpty();
    }

    @Test
    void aTargetPagedOnlyForCriticalIsTriggeredWhenTheIncidentEscalates() throws Exception {
        AlertDispatcher criticalOnly =
                new AlertDispatcher(
                        List.of(
                                target(
                                        AlertTarget.Kind.PAGERDUTY,
                                        "pd",
                                        pagerduty,
                                        "/v2/enqueue",
                                        "rk-123",
                                        Set.of("critical")),
                                target(AlertTarget.Kind.SLACK, "slack", slack, "/hook", null)),
                        new AlertPayloads("phalanx", null),
                        deadLetters::add,
                        clock);

        criticalOnly.accept(update("INC-7", 1, "minor", "t"));
        assertThat(pagerduty.bodies()).isEmpty();
        assertThat(slack.bodies()).hasSize(1);

        criticalOnly.accept(update("INC-7", 2, "critical", "t"));
        criticalOnly.accept(update("INC-7", 3, "critical", "t"));
        criticalOnly.accept(resolve("INC-7", 4));
        assertThat(pagerduty.bodies())
                .extracting(b -> json(b).get("event_action").asText())
                .containsExactly("trigger", "resolve");
        assertThat(
                        json(pagerduty.bodies().get(0))
                                .get("payload")
                                .get("custom_details")
                                .get("version")
                                .asInt())
                .isEqualTo(2);
        assertThat(slack.bodies()).hasSize(4);
    }
}
