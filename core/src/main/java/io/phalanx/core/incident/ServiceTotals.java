package io.phalanx.core.incident;

/**
 * What the metrics and logs say about one service so far: its CPU peak (and on which host, when)
 * and how many timeout lines it logged. Flink POJO.
 */
public class ServiceTotals {
    public String service;
    public double cpuPeak = Double.NaN;
    public String cpuPeakHost;
    public long cpuPeakTsMs;
    public long logLines;
    public long timeouts;
    public long firstTimeoutMs = Long.MAX_VALUE;

    public ServiceTotals() {}

    public void add(Signal s) {
        service = s.service;
        if (s.kind == Signal.Kind.METRIC && "cpu_utilization".equals(s.name)) {
            if (Double.isNaN(cpuPeak) || s.value > cpuPeak) {
                cpuPeak = s.value;
                cpuPeakHost = s.host;
                cpuPeakTsMs = s.tsMs;
            }
        } else if (s.kind == Signal.Kind.LOG) {
            logLines++;
            if (s.isTimeoutLog()) {
                timeouts++;
                firstTimeoutMs = Math.min(firstTimeoutMs, s.tsMs);
            }
        }
    }
}
