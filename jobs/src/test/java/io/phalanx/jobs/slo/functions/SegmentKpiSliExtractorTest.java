package io.phalanx.jobs.slo.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.jobs.slo.SliSource;
import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.SloJobTestBase;
import io.phalanx.jobs.slo.records.SliEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Segment KPIs as SLI events: "loss under 0.1 %" and "p99 latency under 200 ms" per interval. */
class SegmentKpiSliExtractorTest extends SloJobTestBase {

    static SegmentKpi kpi(String from, String to, long packets, long lost, Double p99) {
        return new SegmentKpi(minute(3), minute(4), from, to, packets, p99, p99, lost, 0, 0, 0);
    }

    @Test
    void eachIntervalOfTheSegmentIsOneEventGoodWhenThePredicateHolds() {
        SloCatalog c =
                catalog(
                        kpiSlo(
                                "edge-loss",
                                "segment_loss_ratio{from=\"fw\",to=\"lb\"} < 0.001",
                                "segment_intervals{from=\"fw\",to=\"lb\"}"),
                        kpiSlo(
                                "edge-latency",
                                "segment_latency_p99_ms{from=\"fw\",to=\"lb\"} <= 200",
                                "segment_intervals{to=\"lb\",from=\"fw\"}"));
        List<SliSource.PhalanxKpi> sources = new ArrayList<>();
        c.sliSources().forEach(s -> sources.add((SliSource.PhalanxKpi) s));
        SegmentKpiSliExtractor f = new SegmentKpiSliExtractor(sources);
        List<String> out = new ArrayList<>();
        Collector<SliEvent> collect =
                new Collector<>() {
                    @Override
                    public void collect(SliEvent e) {
                        out.add(
                                e.slo
                                        + " "
                                        + (e.timestampMillis - minute(4))
                                        + " "
                                        + e.good
                                        + "/"
                                        + e.total);
                    }

                    @Override
                    public void close() {}
                };
        f.flatMap(kpi("fw", "lb", 10_000, 5, 200.0), collect); // 0.05 % lost, p99 at the bound
        f.flatMap(kpi("fw", "lb", 10_000, 10, 200.5), collect); // exactly 0.1 %: not under
        f.flatMap(kpi("fw", "lb", 0, 0, null), collect); // no packets: no evidence
        f.flatMap(kpi("lb", "fw", 10_000, 0, 1.0), collect); // the other direction
        assertThat(out)
                .containsExactly(
                        "edge-loss -1 1/1",
                        "edge-latency -1 1/1",
                        "edge-loss -1 0/1",
                        "edge-latency -1 0/1");
    }

    @Test
    void anUnknownKpiOrAMismatchedTotalIsRejectedAtStart() {
        assertThatThrownBy(
                        () ->
                                SloCatalog.of(
                                        List.of(
                                                new SloCatalog.SloFile(
                                                        "kpi.yaml",
                                                        kpiSlo(
                                                                "edge",
                                                                "segment_jitter_ms{from=\"fw\",to=\"lb\"} < 5",
                                                                "segment_intervals{from=\"fw\",to=\"lb\"}"))),
                                        "rules",
                                        SloCatalog.defaultRulesYaml()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("kpi.yaml:14: edge: 'segment_jitter_ms")
                .hasMessageContaining("segment_loss_ratio");
        assertThatThrownBy(
                        () ->
                                SloCatalog.of(
                                        List.of(
                                                new SloCatalog.SloFile(
                                                        "kpi.yaml",
                                                        kpiSlo(
                                                                "edge",
                                                                "segment_loss_ratio{from=\"fw\",to=\"lb\"} < 0.001",
                                                                "segment_intervals{from=\"fw\",to=\"db\"}"))),
                                        "rules",
                                        SloCatalog.defaultRulesYaml()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(
                        "kpi.yaml:19: edge: 'segment_intervals{from=\"fw\",to=\"db\"}'");
    }
}
