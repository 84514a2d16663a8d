package io.phalanx.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.events.MetricSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {
    private static final long SCRAPE = 1_772_366_400_000L; // 2026-03-01T12:00:00Z

    /** A node_exporter / client_golang style page: HELP, TYPE, histogram, summary, escapes. */
    private static final String EXPORTER_PAGE =
            """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200",service="checkout"} 1027 1772366399000
            http_requests_total{method="post",code="400",service="checkout"}    3 1772366399000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # Finally a summary, which has a complex representation, too:
            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.99"} NaN
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    @Test
    void readsTheReferenceExample() throws Exception {
        List<MetricSample> s = PrometheusTextParser.parse(EXPORTER_PAGE, SCRAPE);

        assertThat(s).hasSize(14);
        assertThat(s.get(0))
                .isEqualTo(
                        new MetricSample(
                                1772366399000L,
                                "http_requests_total",
                                1027,
                                Map.of("method", "post", "code", "200", "service", "checkout")));
        assertThat(s.get(0).series())
                .isEqualTo(
                        "http_requests_total{code=\"200\",method=\"post\",service=\"checkout\"}");
        assertThat(s.get(2).labels())
                .containsEntry("path", "C:\\DIR\\FILE.TXT")
                .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(s.get(2).value()).isEqualTo(1.458255915e9);
        assertThat(s.get(2).timestampMillis()).isEqualTo(SCRAPE);
        assertThat(s.get(3).name()).isEqualTo("metric_without_timestamp_and_labels");
        assertThat(s.get(3).value()).isEqualTo(12.47);
        assertThat(s.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.get(4).timestampMillis()).isEqualTo(-3982045L);
        assertThat(s.get(7).labels()).containsEntry("le", "+Inf");
        assertThat(s.get(7).value()).isEqualTo(144320);
        assertThat(s.get(11).value()).isNaN();
        assertThat(s.get(12).value()).isEqualTo(1.7560473e7);
    }

    @Test
    void toleratesBlanksTabsTrailingCommaCrlfAndNoFinalNewline() throws Exception {
        List<MetricSample> s =
                PrometheusTextParser.parse(
                        "up{job=\"api\" , instance = \"a:9100\",}\t1\r\nup{} 0", SCRAPE);

        assertThat(s).hasSize(2);
        assertThat(s.get(0).labels()).isEqualTo(Map.of("job", "api", "instance", "a:9100"));
        assertThat(s.get(1).labels()).isEmpty();
        assertThat(s.get(1).value()).isZero();
    }

    @Test
    void namesTheLineAndReasonOfTheFirstError() {
        assertError("ok 1\n9lives 1\n", 2, "invalid metric name '9lives'");
        assertError("a{b=\"c} 1\n", 1, "unterminated value of label b");
        assertError("a{b=\"c\\t\"} 1\n", 1, "invalid escape \\t");
        assertError("a{b=\"1\",b=\"2\"} 1\n", 1, "label b given twice");
        assertError("a{b=c} 1\n", 1, "must be a quoted string");
        assertError("a{b=\"c\" d=\"e\"} 1\n", 1, "expected ',' or '}'");
        assertError("a{0b=\"c\"} 1\n", 1, "invalid label name '0b'");
        assertError("a 1,5\n", 1, "'1,5' is not a number");
        assertError("a 1 12.5\n", 1, "timestamp '12.5' is not an integer");
        assertError("a 1 2 3\n", 1, "unexpected text after the timestamp");
        assertError("a\n", 1, "has no value");
        assertError("# TYPE a gauge\n# TYPE a counter\na 1\n", 2, "second # TYPE line for a");
        assertError("# TYPE a meter\n", 1, "has type 'meter'");
        assertError("# HELP a x\n# HELP a y\n", 2, "second # HELP line for a");
        assertError("a_count 1\n# TYPE a summary\n", 2, "comes after its first sample");
        assertError("# TYPE h histogram\nh_bucket 3\n", 2, "has no 'le' label");
        assertError("# TYPE h histogram\nh_bucket{le=\"x\"} 3\n", 2, "'x' is not a number");
        assertError("# TYPE h histogram\nh 3\n", 2, "has a bare sample");
        assertError("a{__name__=\"b\"} 1\n", 1, "__name__ is reserved");
    }

    @Test
    void plainCommentsAndEmptyTextHaveNoSamples() throws Exception {
        assertThat(
                        PrometheusTextParser.parse(
                                "# just a comment\n\n# a TYPE later on the line is no keyword\n",
                                0))
                .isEmpty();
    }

    private static void assertError(String text, int line, String reason) {
        assertThatThrownBy(() -> PrometheusTextParser.parse(text, SCRAPE))
                .isInstanceOfSatisfying(
                        InvalidPayloadException.class,
                        e -> {
                            assertThat(e.positionKind()).isEqualTo("line");
                            assertThat(e.position()).isEqualTo(line);
                            assertThat(e.reason()).contains(reason);
                        });
    }
}
