package io.phalanx.jobs.replay.functions;

import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.stitch.ClockOffsetEstimator;
import io.phalanx.core.stitch.HostPairAggregate;
import io.phalanx.core.stitch.IntervalSlice;
import io.phalanx.core.stitch.SegmentAnalyzer;
import io.phalanx.core.stitch.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the stitcher's per-interval slices into {@link SegmentKpi}s as event time advances (one
 * key, parallelism 1: paths and clock offsets are network-wide).
 *
 * <p>State: {@code cumulative}, the running aggregate per host pair (every slice so far: it decides
 * paths and clock offsets the way the end-of-input analysis does, bounded by the number of host
 * pairs); {@code pending}, the merged slices per interval and host pair not yet emitted. An
 * interval is emitted by an event-time timer at its end plus {@code settleMs} (the stitcher
 * finalises a packet a match window or two after its first sighting) and its slices are removed. A
 * slice that arrives after its interval was emitted (a late sighting) re-issues that interval's
 * KPIs with the late packets only, on the next watermark. Cumulative state is cleared at the end of
 * input.
 */
public class SegmentKpiAggregator extends KeyedProcessFunction<Integer, IntervalSlice, SegmentKpi> {
    private static final long serialVersionUID = 1L;

    private final List<String> capturePoints;
    private final Topology topology;
    private final long intervalMs;
    private final long settleMs;

    private transient MapState<String, HostPairAggregate> cumulative;
    private transient MapState<String, IntervalSlice> pending;

    public SegmentKpiAggregator(
            List<String> capturePoints, Topology topology, long intervalMs, long settleMs) {
        if (intervalMs <= 0 || settleMs < 0) {
            throw new IllegalArgumentException("KPI interval must be > 0 and settle time >= 0");
        }
        this.capturePoints = new ArrayList<>(capturePoints);
        this.topology = topology;
        this.intervalMs = intervalMs;
        this.settleMs = settleMs;
    }

    @Override
    public void open(OpenContext ctx) {
        cumulative =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "cumulative",
                                        Types.STRING,
                                        TypeInformation.of(HostPairAggregate.class)));
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending",
                                        Types.STRING,
                                        TypeInformation.of(IntervalSlice.class)));
    }

    @Override
    public void processElement(IntervalSlice slice, Context ctx, Collector<SegmentKpi> out)
            throws Exception {
        String pairKey = HostPairAggregate.key(slice.ipA, slice.ipB);
        HostPairAggregate agg = cumulative.get(pairKey);
        if (agg == null) {
            agg = new HostPairAggregate();
        }
        agg.mergeAggregate(slice);
        cumulative.put(pairKey, agg);
        String key = slice.sliceKey();
        IntervalSlice into = pending.get(key);
        if (into == null) {
            into = new IntervalSlice();
        }
        into.merge(slice);
        pending.put(key, into);
        long due = slice.intervalStartMs + intervalMs + settleMs;
        long watermark = ctx.timerService().currentWatermark();
        ctx.timerService().registerEventTimeTimer(due > watermark ? due : watermark + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SegmentKpi> out)
            throws Exception {
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        TreeMap<Long, List<IntervalSlice>> due = new TreeMap<>();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, IntervalSlice> e : pending.entries()) {
            IntervalSlice s = e.getValue();
            // At the end of input every timer fires in order: each emits its own interval, so
            // the KPIs keep the timestamps of their intervals.
            if (s.intervalStartMs + intervalMs + settleMs <= timestamp) {
                due.computeIfAbsent(s.intervalStartMs, k -> new ArrayList<>()).add(s);
                done.add(e.getKey());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        SegmentAnalyzer analyzer = new SegmentAnalyzer(ClockOffsetEstimator.withDefaults());
        Iterable<HostPairAggregate> running = cumulative.values();
        for (Map.Entry<Long, List<IntervalSlice>> e : due.entrySet()) {
            for (SegmentKpi k :
                    analyzer.intervalKpis(
                            running,
                            e.getValue(),
                            capturePoints,
                            topology,
                            e.getKey(),
                            e.getKey() + intervalMs)) {
                out.collect(k);
            }
        }
        for (String k : done) {
            pending.remove(k);
        }
        if (endOfInput && pending.isEmpty()) {
            cumulative.clear();
        }
    }
}
