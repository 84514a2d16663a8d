package io.phalanx.core.events;

import java.util.Map;
import java.util.TreeMap;

/**
 * One sample of one metric series, as an exporter saw it: {@code
 * cpu_utilization{service="checkout", host="checkout-1"} 0.95} at a time. The series is the name
 * plus its labels; {@code service} and {@code host} are the labels the ontology links on, copied
 * out because every consumer needs them.
 *
 * @param timestampMillis event time, epoch milliseconds
 * @param labels every label including service and host, sorted by name
 */
public record MetricSample(
        long timestampMillis, String name, double value, Map<String, String> labels) {

    public MetricSample {
        labels = new TreeMap<>(labels);
    }

    /** The service label, or null when the series is not a service's. */
    public String service() {
        return labels.get("service");
    }

    /** The host label, or null. */
    public String host() {
        return labels.get("host");
    }

    /** The series identity in Prometheus notation: {@code name{k="v",...}}. */
    public String series() {
        StringBuilder s = new StringBuilder(name);
        if (!labels.isEmpty()) {
            s.append('{');
            String sep = "";
            for (Map.Entry<String, String> e : labels.entrySet()) {
                s.append(sep).append(e.getKey()).append("=\"").append(e.getValue()).append('"');
                sep = ",";
            }
            s.append('}');
        }
        return s.toString();
    }
}
