package io.phalanx.jobs.slo.functions;

import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.jobs.slo.SliSource;
import io.phalanx.jobs.slo.records.SliEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns Phalanx's own segment KPIs into SLI events for the SLOs of {@code type: Phalanx} ({@link
 * SliSource.PhalanxKpi}): each KPI interval of the SLO's segment is one event, good when the
 * predicate holds ("loss under 0.1 %", "p99 latency under 200 ms"), dated just before the
 * interval's end so it falls into the bucket the interval closes. Stateless.
 */
public class SegmentKpiSliExtractor implements FlatMapFunction<SegmentKpi, SliEvent> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<SliSource.PhalanxKpi> sources;

    public SegmentKpiSliExtractor(List<SliSource.PhalanxKpi> sources) {
        this.sources = new ArrayList<>(sources);
    }

    @Override
    public void flatMap(SegmentKpi k, Collector<SliEvent> out) {
        for (SliSource.PhalanxKpi s : sources) {
            if (s.counts(k)) {
                out.collect(new SliEvent(s.slo(), k.endMs() - 1, s.good(k) ? 1 : 0, 1));
            }
        }
    }
}
