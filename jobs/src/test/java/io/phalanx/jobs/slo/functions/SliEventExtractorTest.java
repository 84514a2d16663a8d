package io.phalanx.jobs.slo.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.jobs.slo.SliSource;
import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.SloJobTestBase;
import io.phalanx.jobs.slo.records.MetricPoint;
import io.phalanx.jobs.slo.records.SliEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Counter samples to SLI events: increases, resets, baselines, and which SLO a series feeds. */
class SliEventExtractorTest extends SloJobTestBase {
    static final SloCatalog CATALOG =
            catalog(
                    availabilitySlo(
                            "checkout-availability", "checkout", 10, "{customerTier: internal}"),
                    availabilitySlo(
                            "search-availability", "search", 10, "{customerTier: internal}"));

    static KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, SliEvent> harness()
            throws Exception {
        List<SliSource.MetricCounters> sources = new ArrayList<>();
        for (SliSource s : CATALOG.sliSources()) {
            sources.add((SliSource.MetricCounters) s);
        }
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new SliEventExtractor(sources)),
                        (MetricPoint p) -> p.series,
                        Types.STRING);
        h.open();
        return h;
    }

    static List<String> events(
            KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, SliEvent> h) {
        List<String> out = new ArrayList<>();
        for (StreamRecord<? extends SliEvent> r : h.extractOutputStreamRecords()) {
            SliEvent e = r.getValue();
            out.add(e.slo + " " + (e.timestampMillis - minute(0)) + " " + e.good + "/" + e.total);
        }
        return out;
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, SliEvent> h, MetricPoint p)
            throws Exception {
        h.processElement(new StreamRecord<>(p, p.timestampMillis));
    }

    @Test
    void increasesOfGoodAndBadSeriesBecomeGoodAndTotalEvents() throws Exception {
        try (var h = harness()) {
            for (MetricPoint p : traffic("checkout", 2, 100, m -> m == 1 ? 7 : 0)) {
                feed(h, p);
            }
            // The 200 series is good and total, the 500 series total only; each increase is
            // dated 1 ms before its sample, inside the minute it counts.
            assertThat(events(h))
                    .containsExactlyInAnyOrder(
                            "checkout-availability 59999 100/100",
                            "checkout-availability 119999 93/93",
                            "checkout-availability 119999 0/7");
        }
    }

    @Test
    void aCounterResetCountsTheNewValueAndOldOrForeignSamplesNothing() throws Exception {
        try (var h = harness()) {
            String[] ok = {"service", "search", "code", "200"};
            feed(h, sample(minute(0), "http_requests_total", 500, ok)); // baseline
            feed(h, sample(minute(1), "http_requests_total", 530, ok)); // +30
            feed(h, sample(minute(2), "http_requests_total", 12, ok)); // restart: +12
            feed(h, sample(minute(1) + 5, "http_requests_total", 999, ok)); // out of order
            feed(h, sample(minute(3), "http_requests_total", 12, ok)); // no traffic
            feed(
                    h,
                    sample(
                            minute(3),
                            "http_requests_total",
                            50,
                            "service",
                            "billing",
                            "code",
                            "200"));
            feed(h, sample(minute(3), "cpu_utilization", 0.9, "service", "search"));
            assertThat(events(h))
                    .containsExactly(
                            "search-availability 59999 30/30", "search-availability 119999 12/12");
        }
    }
}
