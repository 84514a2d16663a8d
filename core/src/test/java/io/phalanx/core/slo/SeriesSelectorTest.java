package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PromQL subset of SLO good/total queries: selectors, optionally inside sum(...). */
class SeriesSelectorTest {
    @Test
    void matchersFollowPrometheusSemantics() {
        SeriesSelector s =
                SeriesSelector.parse(
                        "sum(http_request_duration_seconds_bucket{service=\"checkout\",le=\"0.2\","
                                + "code!~\"5..\", zone=~\"eu-.*\", canary!=\"true\"})");
        Map<String, String> ok =
                Map.of("service", "checkout", "le", "0.2", "code", "200", "zone", "eu-west");
        assertThat(s.matches("http_request_duration_seconds_bucket", ok)).isTrue();
        assertThat(s.matches("http_request_duration_seconds_count", ok)).isFalse();
        // Regexes are anchored: "5.." does not match "502x", "eu-.*" does not match "xeu-west".
        assertThat(s.matches("http_request_duration_seconds_bucket", with(ok, "code", "503")))
                .isFalse();
        assertThat(s.matches("http_request_duration_seconds_bucket", with(ok, "code", "502x")))
                .isTrue();
        assertThat(s.matches("http_request_duration_seconds_bucket", with(ok, "zone", "xeu-west")))
                .isFalse();
        assertThat(s.matches("http_request_duration_seconds_bucket", with(ok, "canary", "true")))
                .isFalse();
        // An absent label is the empty string: le="0.2" needs it, canary!="true" is satisfied.
        assertThat(s.matches("http_request_duration_seconds_bucket", Map.of("service", "checkout")))
                .isFalse();
        assertThat(SeriesSelector.parse("up").matches("up", Map.of("job", "x"))).isTrue();
    }

    @Test
    void whatPhalanxDoesNotEvaluateIsRejectedWithAReason() {
        assertThatThrownBy(() -> SeriesSelector.parse("rate(http_requests_total[5m])"))
                .hasMessageContaining("functions, ranges and arithmetic are not supported");
        assertThatThrownBy(() -> SeriesSelector.parse("sum by (code) (http_requests_total)"))
                .hasMessageContaining("sum by/without is not supported");
        assertThatThrownBy(() -> SeriesSelector.parse("http_requests_total{code=200}"))
                .hasMessageContaining("must be in quotes");
        assertThatThrownBy(() -> SeriesSelector.parse("x{code=~\"(\"}"))
                .hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> SeriesSelector.parse("x{code=\"1\" job=\"2\"}"))
                .hasMessageContaining("expected ','");
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        java.util.Map<String, String> copy = new java.util.HashMap<>(m);
        copy.put(k, v);
        return copy;
    }
}
