package io.phalanx.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertingConfigTest {
    private static final Map<String, String> ENV =
            Map.of("PD_KEY", "rk-1", "SLACK_URL", "https://hooks.slack.test/T/B/x");

    private static AlertingConfig parse(String yaml) throws ConfigFileException {
        return AlertingConfig.parse(yaml, "alerting.yaml", ENV::get);
    }

    @Test
    void readsTargetsRetryAndSecretsFromTheEnvironment() throws Exception {
        AlertingConfig c =
                parse(
                        """
                        source: phalanx-prod
                        requestTimeout: 5s
                        retry:
                          initialBackoff: 250ms
                          multiplier: 3
                          maxBackoff: 1m
                          maxAttempts: 6
                        targets:
                          - type: alertmanager
                            url: http://am:9093/api/v2/alerts
                          - name: oncall
                            type: pagerduty
                            url: https://events.pagerduty.com/v2/enqueue
                            routingKeyEnv: PD_KEY
                            pageSeverities: [critical, major]
                          - type: slack
                            urlEnv: SLACK_URL
                        """);

        assertThat(c.source()).isEqualTo("phalanx-prod");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retry())
                .isEqualTo(new RetryPolicy(Duration.ofMillis(250), 3, Duration.ofMinutes(1), 6));
        assertThat(c.targets())
                .extracting(AlertingConfig.Target::name)
                .containsExactly("alertmanager", "oncall", "slack");
        assertThat(c.targets().get(1).routingKey()).isEqualTo("rk-1");
        assertThat(c.targets().get(1).pageSeverities()).isEqualTo(Set.of("critical", "major"));
        assertThat(c.targets().get(2).url().toString()).isEqualTo("https://hooks.slack.test/T/B/x");
    }

    @Test
    void errorsNameTheLine() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        """
                                        targets:
                                          - type: pagerduty
                                            url: https://events.pagerduty.com/v2/enqueue
                                            routingKeyEnv: MISSING_KEY
                                        """))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("alerting.yaml:4: environment variable MISSING_KEY is not set");
        assertThatThrownBy(
                        () ->
                                parse(
                                        """
                                        targets:
                                          - type: slack
                                            url: http://x
                                            pageSeverity: [critical]
                                        """))
                .hasMessageStartingWith("alerting.yaml:4: unknown field 'pageSeverity'");
        assertThatThrownBy(() -> parse("targets:\n  - type: opsgenie\n    url: http://x\n"))
                .hasMessageStartingWith("alerting.yaml:2: type must be one of");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "retry:\n  maxAttempts: 0\ntargets:\n  - type: slack\n    url: http://x\n"))
                .hasMessageStartingWith("alerting.yaml:1: retry policy needs");
    }
}
