package io.phalanx.jobs.slo.records;

import io.phalanx.core.events.MetricSample;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sample of one metric series inside the SLO pipeline: {@link MetricSample} as a Flink POJO
 * (labels as two parallel arrays sorted by name, since a {@code Map} field would need Kryo).
 */
public class MetricPoint {
    public long timestampMillis;
    public String name;
    public double value;
    public String[] labelNames;
    public String[] labelValues;

    /** {@code name{k="v",...}}: the series identity, the key of counter state. */
    public String series;

    public MetricPoint() {}

    public static MetricPoint of(MetricSample s) {
        MetricPoint p = new MetricPoint();
        p.timestampMillis = s.timestampMillis();
        p.name = s.name();
        p.value = s.value();
        p.labelNames = s.labels().keySet().toArray(new String[0]);
        p.labelValues = s.labels().values().toArray(new String[0]);
        p.series = s.series();
        return p;
    }

    public Map<String, String> labels() {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < labelNames.length; i++) {
            m.put(labelNames[i], labelValues[i]);
        }
        return m;
    }
}
