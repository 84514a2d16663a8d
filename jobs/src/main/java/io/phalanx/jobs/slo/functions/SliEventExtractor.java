package io.phalanx.jobs.slo.functions;

import io.phalanx.jobs.slo.SliSource;
import io.phalanx.jobs.slo.records.MetricPoint;
import io.phalanx.jobs.slo.records.SliEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns metric counter samples into SLI events, keyed by series ({@code name{labels}}).
 *
 * <p>The good and total series of a ratio SLI are counters (OpenSLO {@code counter: true}): the
 * events between two samples of a series are its increase, as Prometheus's {@code increase()}
 * counts them. A value below the previous one is a counter reset, and the increase is the new
 * value. The first sample of a series only sets the baseline. The increase up to a sample at {@code
 * t} is dated {@code t - 1 ms}: a scrape exactly on a bucket boundary closes the bucket before it,
 * so an evaluation at that boundary sees it, as a Prometheus evaluation at the scrape's instant
 * does. Increases are rounded to whole events.
 *
 * <p>State: the last sample (time and value) of each series that some SLO selects; never cleared,
 * bounded by the number of selected series. A sample not newer than the series' last one (a
 * duplicate or out of order within the series) is dropped and counted in the {@code
 * sliSamplesOutOfOrder} metric: the increase between the two is already counted.
 */
public class SliEventExtractor extends KeyedProcessFunction<String, MetricPoint, SliEvent> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<SliSource.MetricCounters> sources;
    private transient ValueState<Long> lastTime;
    private transient ValueState<Double> lastValue;
    private transient Map<String, int[]> goodFor;
    private transient Map<String, int[]> totalFor;
    private transient Counter outOfOrder;

    public SliEventExtractor(List<SliSource.MetricCounters> sources) {
        this.sources = new ArrayList<>(sources);
    }

    @Override
    public void open(OpenContext ctx) {
        lastTime =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-time", Types.LONG));
        lastValue =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-value", Types.DOUBLE));
        goodFor = new HashMap<>();
        totalFor = new HashMap<>();
        outOfOrder = getRuntimeContext().getMetricGroup().counter("sliSamplesOutOfOrder");
    }

    @Override
    public void processElement(MetricPoint p, Context ctx, Collector<SliEvent> out)
            throws Exception {
        int[] good = goodFor.get(p.series);
        int[] total = totalFor.get(p.series);
        if (good == null) {
            Map<String, String> labels = p.labels();
            List<Integer> g = new ArrayList<>();
            List<Integer> t = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                if (sources.get(i).good().matches(p.name, labels)) {
                    g.add(i);
                }
                if (sources.get(i).total().matches(p.name, labels)) {
                    t.add(i);
                }
            }
            good = g.stream().mapToInt(Integer::intValue).toArray();
            total = t.stream().mapToInt(Integer::intValue).toArray();
            goodFor.put(p.series, good);
            totalFor.put(p.series, total);
        }
        if (good.length == 0 && total.length == 0) {
            return;
        }
        Long previousTime = lastTime.value();
        if (previousTime != null && p.timestampMillis <= previousTime) {
            outOfOrder.inc();
            return;
        }
        Double previous = lastValue.value();
        lastTime.update(p.timestampMillis);
        lastValue.update(p.value);
        if (previous == null) {
            return;
        }
        long increase = Math.round(p.value >= previous ? p.value - previous : p.value);
        if (increase <= 0) {
            return;
        }
        long at = p.timestampMillis - 1;
        // A series may be good for one SLO and total for another, or both for one.
        for (int i : good) {
            String slo = sources.get(i).slo();
            out.collect(new SliEvent(slo, at, increase, contains(total, i) ? increase : 0));
        }
        for (int i : total) {
            if (!contains(good, i)) {
                out.collect(new SliEvent(sources.get(i).slo(), at, 0, increase));
            }
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
