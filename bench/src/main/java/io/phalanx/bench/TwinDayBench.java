package io.phalanx.bench;

import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.slo.SloFileParser;
import io.phalanx.core.twin.Link;
import io.phalanx.core.twin.QueueingStation;
import io.phalanx.core.twin.RequestClass;
import io.phalanx.core.twin.RequestPath;
import io.phalanx.core.twin.ServiceTimeDistribution;
import io.phalanx.core.twin.ServiceTopology;
import io.phalanx.core.twin.StationPrediction;
import io.phalanx.core.twin.TopologyPrediction;
import io.phalanx.core.twin.TwinHistory;
import io.phalanx.core.twin.TwinReplay;
import io.phalanx.core.twin.TwinRun;
import io.phalanx.core.twin.TwinSlo;
import io.phalanx.core.twin.WhatIfScenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark through the path {@code phalanx twin} takes: one day (1440 minutes) of
 * per-minute KPI history for a 50-service topology, as metrics-feed JSON lines, parsed with {@link
 * EventJson}, grouped into a {@link TwinHistory} and replayed by {@link TwinReplay} at ×3 with a
 * latency SLO per request class (calibration, every minute's node and class predictions, p50 and
 * p99 per class, SLO burn through the burn-rate evaluator, replica plan, links and routes at the
 * peak). A plain main, not JMH: the figure is seconds for a whole day, repeated in one JVM.
 *
 * <pre>
 * mvn -o -q -pl core install -DskipTests &amp;&amp; mvn -o -q -pl bench package -DskipTests
 * java -cp bench/target/benchmarks.jar io.phalanx.bench.TwinDayBench [multiplier=3] [runs=5]
 * </pre>
 *
 * <p>The topology (seed 42): 5 gateways, 15 APIs, 30 data services (exponential, lognormal, Gamma
 * and fixed service times, 2-40 ms), an edge and a backup link per gateway, 20 request classes on
 * 6-hop paths; the history follows a diurnal curve (night at 25 % of the peak) with ±5 % rate noise
 * and ±3 % measurement noise, servers sized for ρ 0.22-0.45 at the ×1 peak.
 */
public final class TwinDayBench {
    static final int MINUTES = 1440;

    private TwinDayBench() {}

    public static void main(String[] args) throws Exception {
        double multiplier = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(
                "machine: %s %s, %d cores, java %s, max heap %d MB%n",
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        ServiceTopology truth = topology(new SplittableRandom(42));
        List<String> lines = history(truth, new SplittableRandom(43));
        ServiceTopology declared = truth;
        for (QueueingStation s : truth.services().values()) {
            declared =
                    declared.withService(
                            QueueingStation.of(
                                    s.name(),
                                    s.servers(),
                                    ServiceTimeDistribution.exponential(0.010)));
        }
        List<String> docs = new ArrayList<>();
        for (String c : truth.requestClasses().keySet()) {
            docs.add(slo(c));
        }
        String yaml = String.join("---\n", docs);
        List<TwinSlo> slos = new ArrayList<>();
        for (var d : SloFileParser.parse(yaml, "bench-slos.yaml")) {
            slos.add(TwinSlo.of(d, declared));
        }
        System.out.printf(
                "input: %d services, %d links, %d classes, %d minutes, %d metric lines (%.1f MB)%n",
                truth.services().size(),
                truth.links().size(),
                truth.requestClasses().size(),
                MINUTES,
                lines.size(),
                lines.stream().mapToLong(String::length).sum() / 1e6);
        double[] totals = new double[runs];
        TwinRun run = null;
        for (int r = 0; r < runs; r++) {
            long a = System.nanoTime();
            List<MetricSample> samples = new ArrayList<>(lines.size());
            for (String l : lines) {
                samples.add(EventJson.metric(l));
            }
            TwinHistory history = TwinHistory.fromMetrics(samples);
            long b = System.nanoTime();
            run = TwinReplay.run(declared, history, WhatIfScenario.atLoad(multiplier), slos);
            long c = System.nanoTime();
            totals[r] = (c - a) / 1e9;
            System.out.printf(
                    "run %d: parse %.2f s + calibrate and replay %d minutes at x%.1f %.2f s = %.2f s%s%n",
                    r + 1,
                    (b - a) / 1e9,
                    MINUTES,
                    multiplier,
                    (c - b) / 1e9,
                    totals[r],
                    r == 0 ? " (includes JIT warm-up)" : "");
        }
        double[] warm = Arrays.copyOfRange(totals, Math.min(1, runs - 1), runs);
        Arrays.sort(warm);
        long saturatedMinutes =
                run.minutes().stream()
                        .filter(
                                m ->
                                        m.nodes().values().stream()
                                                .anyMatch(TwinRun.NodeMinute::saturated))
                        .count();
        long firing = run.slos().stream().filter(s -> !s.firedAlerts().isEmpty()).count();
        System.out.printf(
                "result: first run %.2f s, median of warm runs %.2f s; at x%.1f %d of %d minutes have a saturated"
                        + " node, %d of %d SLOs would page or ticket, replica plan adds %d servers%n",
                totals[0],
                warm[warm.length / 2],
                multiplier,
                saturatedMinutes,
                MINUTES,
                firing,
                slos.size(),
                run.replicaPlan().added().values().stream().mapToInt(Integer::intValue).sum());
    }

    private static String slo(String cls) {
        return """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: %s-latency
                spec:
                  service: %s
                  indicator:
                    spec:
                      ratioMetric:
                        good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(latency_bucket{le="0.4"}[1m]))'}}}
                        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(latency_count[1m]))'}}}
                  timeWindow: [{duration: 28d, isRolling: true}]
                  objectives: [{target: 0.99}]
                """
                .formatted(cls, cls);
    }

    static ServiceTopology topology(SplittableRandom random) {
        List<String> all = new ArrayList<>();
        for (String[] g : new String[][] {{"gateway", "5"}, {"api", "15"}, {"data", "30"}}) {
            for (int i = 0; i < Integer.parseInt(g[1]); i++) {
                all.add(g[0] + "-" + i);
            }
        }
        Map<String, ServiceTimeDistribution> times = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            double mean = 0.002 + 0.038 * random.nextDouble();
            times.put(
                    all.get(i),
                    switch (i % 4) {
                        case 0 -> ServiceTimeDistribution.exponential(mean);
                        case 1 -> ServiceTimeDistribution.lognormal(mean, 1.5);
                        case 2 -> ServiceTimeDistribution.general(mean, 0.5);
                        default -> ServiceTimeDistribution.deterministic(mean);
                    });
        }
        List<RequestClass> classes = new ArrayList<>();
        Map<String, Double> peak = new LinkedHashMap<>();
        for (int k = 0; k < 20; k++) {
            int g = k % 5;
            String[] nodes = {
                "gateway-" + g,
                "api-" + (k % 15),
                "api-" + ((4 * k + 7) % 15),
                "data-" + k,
                "data-" + (20 + k % 10)
            };
            double rate = 20 + 100 * random.nextDouble();
            classes.add(
                    RequestClass.of(
                            "class-" + k,
                            rate,
                            path("edge-" + g, nodes),
                            path("backup-" + g, nodes)));
            for (String n : nodes) {
                peak.merge(n, rate * 1.05, Double::sum);
            }
        }
        ServiceTopology.Builder b = ServiceTopology.builder();
        for (String s : all) {
            double offered = peak.getOrDefault(s, 0.0) * times.get(s).meanSeconds();
            double rho = 0.22 + 0.23 * random.nextDouble();
            b.service(
                    QueueingStation.of(
                            s, Math.max(1, (int) Math.ceil(offered / rho)), times.get(s)));
        }
        for (int g = 0; g < 5; g++) {
            b.link(Link.of("edge-" + g, 10e9, 1 + g, 400e3));
            b.link(Link.of("backup-" + g, 2e9, 12 + g, 400e3));
        }
        classes.forEach(b::requestClass);
        return b.build();
    }

    private static RequestPath path(String link, String... nodes) {
        List<String> all = new ArrayList<>();
        all.add(link);
        all.addAll(List.of(nodes));
        return RequestPath.through(all.toArray(String[]::new));
    }

    /** The day as metric-feed JSON lines: per minute, each service's KPIs and each class's rate. */
    static List<String> history(ServiceTopology truth, SplittableRandom random) {
        List<String> lines = new ArrayList<>();
        long start = 1_795_651_200_000L; // 2026-11-26T00:00:00Z
        for (int minute = 0; minute < MINUTES; minute++) {
            double shape = 0.625 - 0.375 * Math.cos(2 * Math.PI * minute / MINUTES);
            Map<String, Double> rates = new LinkedHashMap<>();
            for (RequestClass rc : truth.requestClasses().values()) {
                rates.put(
                        rc.name(),
                        rc.arrivalRate() * shape * (1 + 0.05 * (2 * random.nextDouble() - 1)));
            }
            TopologyPrediction p = truth.predict(WhatIfScenario.baseline().withClassRates(rates));
            long ts = start + minute * 60_000L;
            for (QueueingStation s : truth.services().values()) {
                StationPrediction sp = p.node(s.name());
                TwinHistory.ServiceMinute m =
                        new TwinHistory.ServiceMinute(
                                sp.arrivalRate() * noise(random),
                                sp.meanResponse() * noise(random),
                                Double.NaN,
                                Double.NaN,
                                sp.utilisation() * noise(random),
                                s.servers());
                TwinHistory.metrics(ts, s.name(), m).forEach(x -> lines.add(EventJson.toJson(x)));
            }
            rates.forEach(
                    (c, r) ->
                            TwinHistory.metrics(
                                            ts,
                                            c,
                                            new TwinHistory.ClassMinute(r, Double.NaN, Double.NaN))
                                    .forEach(x -> lines.add(EventJson.toJson(x))));
        }
        return lines;
    }

    private static double noise(SplittableRandom random) {
        return 1 + 0.03 * (2 * random.nextDouble() - 1);
    }
}
