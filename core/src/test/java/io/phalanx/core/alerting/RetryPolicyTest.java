package io.phalanx.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 6);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void backoffDoublesUpToTheCap() {
        assertThat(POLICY.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(POLICY.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(POLICY.backoff(5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLongerRetryAfterWinsButIsCapped() {
        assertThat(POLICY.backoff(1, Optional.of("0"), NOW)).isEqualTo(Duration.ofMillis(100));
        assertThat(POLICY.backoff(1, Optional.of("120"), NOW)).isEqualTo(Duration.ofSeconds(1));
        RetryPolicy patient = new RetryPolicy(Duration.ofMillis(100), 2, Duration.ofMinutes(5), 3);
        assertThat(patient.backoff(1, Optional.of("Sun, 01 Mar 2026 12:00:42 GMT"), NOW))
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(patient.backoff(1, Optional.of("soon"), NOW)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void onlyTooManyRequestsAndServerErrorsAreRetryable() {
        assertThat(RetryPolicy.retryable(429)).isTrue();
        assertThat(RetryPolicy.retryable(500)).isTrue();
        assertThat(RetryPolicy.retryable(503)).isTrue();
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(404)).isFalse();
        assertThat(RetryPolicy.success(202)).isTrue();
    }
}
