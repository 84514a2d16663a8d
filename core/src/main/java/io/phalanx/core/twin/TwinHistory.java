package io.phalanx.core.twin;

import io.phalanx.core.events.MetricSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-minute KPIs of services and request classes, read from metric samples (the metrics feed of
 * docs/TOPICS.md, {@code metrics.jsonl}): what the twin calibrates from and what a prediction is
 * compared with. Series it reads, each a per-minute gauge stamped at the minute's start:
 *
 * <table>
 *   <caption>metric names</caption>
 *   <tr><td>{@code request_rate{service}}</td><td>requests per second the service received</td></tr>
 *   <tr><td>{@code latency_mean_seconds{service}}, {@code latency_p50_seconds}, {@code
 *       latency_p99_seconds}</td><td>response time at the service (wait + service)</td></tr>
 *   <tr><td>{@code utilization{service}}</td><td>busy fraction of the service's servers, 0..1</td></tr>
 *   <tr><td>{@code servers{service}}</td><td>replicas × worker concurrency</td></tr>
 *   <tr><td>{@code class_request_rate{class}}</td><td>requests per second of a request class</td></tr>
 *   <tr><td>{@code class_latency_mean_seconds{class}}, {@code class_latency_p99_seconds}</td>
 *       <td>end-to-end latency of a class</td></tr>
 * </table>
 *
 * Samples are grouped by the minute their timestamp falls in (several samples of one series in a
 * minute: the last wins); other series (host CPU, error ratios) are ignored. A minute missing a
 * value has NaN there, and calibration skips what it cannot use.
 */
public final class TwinHistory {
    public static final String REQUEST_RATE = "request_rate";
    public static final String LATENCY_MEAN = "latency_mean_seconds";
    public static final String LATENCY_P50 = "latency_p50_seconds";
    public static final String LATENCY_P99 = "latency_p99_seconds";
    public static final String UTILIZATION = "utilization";
    public static final String SERVERS = "servers";
    public static final String CLASS_RATE = "class_request_rate";
    public static final String CLASS_LATENCY_MEAN = "class_latency_mean_seconds";
    public static final String CLASS_LATENCY_P99 = "class_latency_p99_seconds";

    private static final long MINUTE_MS = 60_000;

    /** One service in one minute; NaN where not reported. */
    public record ServiceMinute(
            double arrivalRate,
            double meanSeconds,
            double p50Seconds,
            double p99Seconds,
            double utilisation,
            double servers) {
        public static final ServiceMinute EMPTY =
                new ServiceMinute(
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        public KpiSample kpi() {
            return new KpiSample(
                    Double.isNaN(arrivalRate) ? 0 : arrivalRate,
                    meanSeconds,
                    p99Seconds,
                    utilisation);
        }
    }

    /** One request class in one minute; NaN where not reported. */
    public record ClassMinute(double arrivalRate, double meanSeconds, double p99Seconds) {
        public static final ClassMinute EMPTY = new ClassMinute(Double.NaN, Double.NaN, Double.NaN);
    }

    /** Everything reported for one minute, by service and by class name. */
    public record Minute(
            long startMillis,
            Map<String, ServiceMinute> services,
            Map<String, ClassMinute> classes) {}

    private final List<Minute> minutes;

    private TwinHistory(List<Minute> minutes) {
        this.minutes = List.copyOf(minutes);
    }

    public static TwinHistory of(List<Minute> minutes) {
        return new TwinHistory(minutes);
    }

    /** Groups metric samples into minutes; series the twin does not read are skipped. */
    public static TwinHistory fromMetrics(Collection<MetricSample> samples) {
        TreeMap<Long, Map<String, double[]>> services = new TreeMap<>();
        TreeMap<Long, Map<String, double[]>> classes = new TreeMap<>();
        for (MetricSample m : samples) {
            long minute = Math.floorDiv(m.timestampMillis(), MINUTE_MS) * MINUTE_MS;
            String service = m.labels().get("service");
            String cls = m.labels().get("class");
            int serviceField = serviceField(m.name());
            int classField = classField(m.name());
            if (serviceField >= 0 && service != null && m.labels().get("host") == null) {
                services.computeIfAbsent(minute, k -> new TreeMap<>())
                                .computeIfAbsent(service, k -> nans(6))[serviceField] =
                        m.value();
                classes.computeIfAbsent(minute, k -> new TreeMap<>());
            } else if (classField >= 0 && cls != null) {
                classes.computeIfAbsent(minute, k -> new TreeMap<>())
                                .computeIfAbsent(cls, k -> nans(3))[classField] =
                        m.value();
                services.computeIfAbsent(minute, k -> new TreeMap<>());
            }
        }
        List<Minute> out = new ArrayList<>();
        for (Long minute : services.keySet()) {
            Map<String, ServiceMinute> s = new TreeMap<>();
            services.get(minute)
                    .forEach(
                            (name, v) ->
                                    s.put(
                                            name,
                                            new ServiceMinute(v[0], v[1], v[2], v[3], v[4], v[5])));
            Map<String, ClassMinute> c = new TreeMap<>();
            classes.getOrDefault(minute, Map.of())
                    .forEach((name, v) -> c.put(name, new ClassMinute(v[0], v[1], v[2])));
            out.add(new Minute(minute, s, c));
        }
        return new TwinHistory(out);
    }

    /** The metric samples of one service minute, in the names above (NaN fields are omitted). */
    public static List<MetricSample> metrics(
            long minuteStartMillis, String service, ServiceMinute m) {
        List<MetricSample> out = new ArrayList<>();
        Map<String, String> labels = Map.of("service", service);
        add(out, minuteStartMillis, REQUEST_RATE, m.arrivalRate(), labels);
        add(out, minuteStartMillis, LATENCY_MEAN, m.meanSeconds(), labels);
        add(out, minuteStartMillis, LATENCY_P50, m.p50Seconds(), labels);
        add(out, minuteStartMillis, LATENCY_P99, m.p99Seconds(), labels);
        add(out, minuteStartMillis, UTILIZATION, m.utilisation(), labels);
        add(out, minuteStartMillis, SERVERS, m.servers(), labels);
        return out;
    }

    /** The metric samples of one class minute. */
    public static List<MetricSample> metrics(
            long minuteStartMillis, String requestClass, ClassMinute m) {
        List<MetricSample> out = new ArrayList<>();
        Map<String, String> labels = Map.of("class", requestClass);
        add(out, minuteStartMillis, CLASS_RATE, m.arrivalRate(), labels);
        add(out, minuteStartMillis, CLASS_LATENCY_MEAN, m.meanSeconds(), labels);
        add(out, minuteStartMillis, CLASS_LATENCY_P99, m.p99Seconds(), labels);
        return out;
    }

    private static void add(
            List<MetricSample> out, long ts, String name, double v, Map<String, String> labels) {
        if (!Double.isNaN(v)) {
            out.add(new MetricSample(ts, name, v, labels));
        }
    }

    public List<Minute> minutes() {
        return minutes;
    }

    /** Every service that reported in any minute, sorted. */
    public Set<String> services() {
        Set<String> out = new java.util.TreeSet<>();
        minutes.forEach(m -> out.addAll(m.services().keySet()));
        return out;
    }

    /** Every request class that reported in any minute, sorted. */
    public Set<String> classes() {
        Set<String> out = new java.util.TreeSet<>();
        minutes.forEach(m -> out.addAll(m.classes().keySet()));
        return out;
    }

    /** The last reported server count of a service, or 0 when never reported. */
    public int servers(String service) {
        for (int i = minutes.size() - 1; i >= 0; i--) {
            ServiceMinute s = minutes.get(i).services().get(service);
            if (s != null && s.servers() >= 1) {
                return (int) Math.round(s.servers());
            }
        }
        return 0;
    }

    /** Each service's minutes as calibration input, in time order. */
    public Map<String, List<KpiSample>> kpisByService() {
        Map<String, List<KpiSample>> out = new TreeMap<>();
        for (String s : services()) {
            List<KpiSample> k = new ArrayList<>();
            for (Minute m : minutes) {
                ServiceMinute sm = m.services().get(s);
                if (sm != null) {
                    k.add(sm.kpi());
                }
            }
            out.put(s, k);
        }
        return out;
    }

    private static int serviceField(String name) {
        return switch (name) {
            case REQUEST_RATE -> 0;
            case LATENCY_MEAN -> 1;
            case LATENCY_P50 -> 2;
            case LATENCY_P99 -> 3;
            case UTILIZATION -> 4;
            case SERVERS -> 5;
            default -> -1;
        };
    }

    private static int classField(String name) {
        return switch (name) {
            case CLASS_RATE -> 0;
            case CLASS_LATENCY_MEAN -> 1;
            case CLASS_LATENCY_P99 -> 2;
            default -> -1;
        };
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
