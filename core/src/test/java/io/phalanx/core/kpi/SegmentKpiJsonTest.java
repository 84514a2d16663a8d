package io.phalanx.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.events.InvalidEventException;
import org.junit.jupiter.api.Test;

class SegmentKpiJsonTest {
    private static final SegmentKpi KPI =
            new SegmentKpi(
                    1772366400000L,
                    1772366405000L,
                    "hop2",
                    "hop3",
                    4000,
                    40.25,
                    41.5,
                    0,
                    40,
                    7,
                    5_000_000);

    @Test
    void theDocumentedShapeRoundTrips() throws Exception {
        String json = SegmentKpiJson.toJson(KPI);
        assertThat(json)
                .isEqualTo(
                        "{\"v\":1,\"ts\":\"2026-03-01T12:00:05Z\",\"start\":\"2026-03-01T12:00:00Z\","
                                + "\"from\":\"hop2\",\"to\":\"hop3\",\"packets\":4000,"
                                + "\"latencyP50Ms\":40.25,\"latencyP99Ms\":41.5,\"lost\":0,"
                                + "\"lossRatio\":0.0,\"reordered\":40,\"reorderRatio\":0.01,"
                                + "\"retransmissions\":7,\"bytes\":5000000,\"throughputBps\":8000000.0}");
        assertThat(SegmentKpiJson.fromJson(json)).isEqualTo(KPI);
        assertThat(KPI.entity()).isEqualTo("segment:hop2->hop3");
    }

    @Test
    void anIntervalWithoutLatencyOmitsIt() throws Exception {
        SegmentKpi allLost = new SegmentKpi(0, 5000, "hop1", "hop2", 10, null, null, 10, 0, 0, 900);
        String json = SegmentKpiJson.toJson(allLost);
        assertThat(json).doesNotContain("latency");
        assertThat(SegmentKpiJson.fromJson(json)).isEqualTo(allLost);
        assertThatThrownBy(() -> SegmentKpiJson.fromJson("{\"v\":2}"))
                .isInstanceOf(InvalidEventException.class);
    }
}
