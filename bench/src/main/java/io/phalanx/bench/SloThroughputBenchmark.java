package io.phalanx.bench;

import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.SloPipeline;
import io.phalanx.jobs.slo.functions.SloBurnRateEvaluator;
import io.phalanx.jobs.slo.records.MetricPoint;
import io.phalanx.jobs.slo.records.SliEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * SLI events per second through the SLO pipeline's windowed operators on an embedded MiniCluster (a
 * bench command, not JMH: one Flink job per configuration, timed by the job's net runtime, which
 * includes about a second of deployment, so runs are sized to take tens of seconds).
 *
 * <p>{@code events} mode: generated {@link SliEvent}s (one event each, 0.2 % bad, {@code
 * eventsPerMinute} per SLO per minute of event time, round robin over the SLOs) keyed by SLO into
 * {@link SloBurnRateEvaluator} (28-day window, 1-minute buckets, the Workbook's three pairs).
 * {@code metrics} mode: generated counter samples (a good and a bad series per SLO, one sample per
 * series every {@code 15 s}, each carrying {@code eventsPerMinute / 4} requests) through the SLI
 * extractor and the evaluator; the figure is SLI events (requests) per second.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.phalanx.bench.SloThroughputBenchmark \
 *      [events|metrics] [count] [slos] [parallelism] [hashmap|rocksdb] [eventsPerMinute]
 * </pre>
 */
public final class SloThroughputBenchmark {
    private static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

    private SloThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "events";
        long count = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
        int slos = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String backend = args.length > 4 ? args[4] : "hashmap";
        long perMinute = args.length > 5 ? Long.parseLong(args[5]) : 1000;

        SloCatalog catalog = catalog(slos);
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);

        long sliEvents;
        DataStream<SliEvent> events;
        if (mode.equals("events")) {
            sliEvents = count;
            long stepMs = 60_000 / perMinute;
            events =
                    env.fromSequence(0, count - 1)
                            .map(
                                    i -> {
                                        String slo = "slo-" + (i % slos);
                                        long t = T0 + (i / slos) * stepMs;
                                        boolean bad = (i / slos) % 500 == 0;
                                        return new SliEvent(slo, t, bad ? 0 : 1, 1);
                                    },
                                    SloPipeline.SLI_EVENT)
                            .assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<SliEvent>forBoundedOutOfOrderness(
                                                    Duration.ofMinutes(1))
                                            .withTimestampAssigner((e, p) -> e.timestampMillis));
        } else {
            // count samples; each series gets one every 15 s carrying a quarter minute of traffic.
            long perSample = perMinute / 4;
            sliEvents = count / 2 * perSample;
            DataStream<MetricPoint> samples =
                    env.fromSequence(0, count - 1)
                            .map(
                                    i -> {
                                        long series = i % (2L * slos);
                                        long n = i / (2L * slos) + 1;
                                        boolean good = series % 2 == 0;
                                        MetricPoint p = new MetricPoint();
                                        p.timestampMillis = T0 + n * 15_000;
                                        p.name = "http_requests_total";
                                        p.labelNames = new String[] {"code", "service"};
                                        p.labelValues =
                                                new String[] {
                                                    good ? "200" : "500", "svc-" + series / 2
                                                };
                                        p.value = good ? n * (perSample - 1) : n;
                                        p.series =
                                                p.name
                                                        + "{code=\""
                                                        + p.labelValues[0]
                                                        + "\",service=\""
                                                        + p.labelValues[1]
                                                        + "\"}";
                                        return p;
                                    },
                                    SloPipeline.METRIC_POINT)
                            .assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<MetricPoint>forBoundedOutOfOrderness(
                                                    Duration.ofMinutes(1))
                                            .withTimestampAssigner((p, t) -> p.timestampMillis));
            events =
                    samples.keyBy(p -> p.series, Types.STRING)
                            .process(
                                    new io.phalanx.jobs.slo.functions.SliEventExtractor(
                                            metricSources(catalog)),
                                    SloPipeline.SLI_EVENT);
        }
        events.keyBy(e -> e.slo, Types.STRING)
                .process(new SloBurnRateEvaluator(catalog), SloPipeline.STATUS)
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult r = env.execute("slo throughput");
        long ms = r.getNetRuntime(TimeUnit.MILLISECONDS);
        System.out.printf(
                Locale.ROOT,
                "mode=%s count=%d slos=%d parallelism=%d backend=%s eventsPerMinute=%d:"
                        + " %d SLI events in %.1f s = %.2f M SLI events/s%n",
                mode,
                count,
                slos,
                parallelism,
                backend,
                perMinute,
                sliEvents,
                ms / 1000.0,
                sliEvents / (ms / 1000.0) / 1e6);
    }

    private static List<io.phalanx.jobs.slo.SliSource.MetricCounters> metricSources(
            SloCatalog catalog) {
        List<io.phalanx.jobs.slo.SliSource.MetricCounters> out = new ArrayList<>();
        for (io.phalanx.jobs.slo.SliSource s : catalog.sliSources()) {
            out.add((io.phalanx.jobs.slo.SliSource.MetricCounters) s);
        }
        return out;
    }

    private static SloCatalog catalog(int slos) throws Exception {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < slos; i++) {
            docs.add(
                    """
                    apiVersion: openslo/v1
                    kind: SLO
                    metadata:
                      name: slo-%d
                    spec:
                      service: svc-%d
                      indicator:
                        spec:
                          ratioMetric:
                            good:
                              metricSource:
                                type: Prometheus
                                spec:
                                  query: http_requests_total{service="svc-%d",code="200"}
                            total:
                              metricSource:
                                type: Prometheus
                                spec:
                                  query: sum(http_requests_total{service="svc-%d"})
                      timeWindow:
                        - duration: 28d
                          isRolling: true
                      objectives:
                        - target: 0.999
                    """
                            .formatted(i, i, i, i));
        }
        return SloCatalog.of(
                List.of(new SloCatalog.SloFile("bench-slos.yaml", String.join("---\n", docs))),
                "built-in",
                SloCatalog.defaultRulesYaml());
    }
}
