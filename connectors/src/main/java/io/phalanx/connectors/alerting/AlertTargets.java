package io.phalanx.connectors.alerting;

import io.phalanx.core.alerting.AlertingConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the senders of a validated {@link AlertingConfig}, sharing one HTTP client. */
public final class AlertTargets {
    private AlertTargets() {}

    public static List<AlertTarget> of(AlertingConfig config, Sleeper sleeper, Clock clock) {
        HttpClient client = HttpAlertSender.defaultClient(Duration.ofSeconds(5));
        return config.targets().stream()
                .map(
                        t ->
                                new AlertTarget(
                                        AlertTarget.Kind.valueOf(t.type().toUpperCase(Locale.ROOT)),
                                        new HttpAlertSender(
                                                t.name(),
                                                t.url(),
                                                Map.of(),
                                                client,
                                                config.requestTimeout(),
                                                config.retry(),
                                                sleeper,
                                                clock),
                                        t.routingKey(),
                                        t.pageSeverities()))
                .toList();
    }
}
