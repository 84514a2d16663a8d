package io.phalanx.simulation;

import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.ImpactUpdate;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The side feeds of a showcase (docs/TOPICS.md): metrics, logs, deploys and business impact, in
 * time order, each written as JSON Lines through {@link EventJson}. Every value is a function of
 * (seed, series, time): a baseline with ±2 % noise from the seed, changed by the showcase's {@link
 * Symptom}s from their start on.
 */
public record ShowcaseFeeds(
        List<MetricSample> metrics,
        List<LogRecord> logs,
        List<DeployEvent> deploys,
        List<ImpactUpdate> impacts) {

    public static final String METRICS = "metrics.jsonl";
    public static final String LOGS = "logs.jsonl";
    public static final String DEPLOYS = "deploys.jsonl";
    public static final String IMPACT = "impact.jsonl";

    /** Feeds cover the ten minutes before the onset and five after it. */
    static final long BEFORE_MILLIS = 600_000;

    static final long AFTER_MILLIS = 300_000;

    /** Metric samples every 15 s. */
    static final long STEP_MILLIS = 15_000;

    /**
     * A metric of a service (host null) or one of its hosts moving from its baseline to {@code
     * value} linearly over {@code rampMillis} from {@code fromMillis} on, then holding it.
     */
    record Symptom(
            String service,
            String host,
            String metric,
            long fromMillis,
            long rampMillis,
            double value) {}

    /**
     * A log line repeated every {@code everyMillis} from {@code fromMillis} until the feed ends.
     */
    record LogPattern(
            String service,
            String host,
            String level,
            String message,
            long fromMillis,
            long everyMillis) {}

    public ShowcaseFeeds {
        metrics = List.copyOf(metrics);
        logs = List.copyOf(logs);
        deploys = List.copyOf(deploys);
        impacts = List.copyOf(impacts);
    }

    static ShowcaseFeeds generate(
            long seed,
            long onsetMillis,
            List<Symptom> symptoms,
            List<LogPattern> logPatterns,
            List<DeployEvent> changes) {
        long from = onsetMillis - BEFORE_MILLIS;
        long to = onsetMillis + AFTER_MILLIS;
        List<MetricSample> metrics = new ArrayList<>();
        int series = 0;
        for (ShopEnvironment.Service s : ShopEnvironment.SERVICES) {
            for (String host : s.hosts()) {
                series++;
                for (long t = from; t < to; t += STEP_MILLIS) {
                    double v =
                            value(
                                    seed,
                                    series,
                                    t,
                                    s.baseCpu(),
                                    s.name(),
                                    host,
                                    "cpu_utilization",
                                    symptoms);
                    metrics.add(
                            new MetricSample(
                                    t,
                                    "cpu_utilization",
                                    Math.min(1, v),
                                    Map.of("service", s.name(), "host", host)));
                }
            }
            String[] names = {"request_rate", "latency_p99_seconds", "error_ratio"};
            double[] bases = {s.baseRequestRate(), s.baseP99Seconds(), 0.001};
            for (int k = 0; k < names.length; k++) {
                series++;
                for (long t = from; t < to; t += STEP_MILLIS) {
                    double v = value(seed, series, t, bases[k], s.name(), null, names[k], symptoms);
                    metrics.add(
                            new MetricSample(
                                    t,
                                    names[k],
                                    names[k].equals("error_ratio") ? Math.min(1, v) : v,
                                    Map.of("service", s.name())));
                }
            }
        }
        List<LogRecord> logs = new ArrayList<>();
        // Ordinary traffic: one INFO access line per service host every 20 s.
        for (ShopEnvironment.Service s : ShopEnvironment.SERVICES) {
            for (String host : s.hosts()) {
                for (long t = from + 5_000; t < to; t += 20_000) {
                    logs.add(
                            new LogRecord(
                                    t,
                                    s.name(),
                                    host,
                                    "INFO",
                                    "request served in "
                                            + Math.round(s.baseP99Seconds() * 500)
                                            + " ms"));
                }
            }
        }
        for (LogPattern p : logPatterns) {
            for (long t = p.fromMillis(); t < to; t += p.everyMillis()) {
                logs.add(new LogRecord(t, p.service(), p.host(), p.level(), p.message()));
            }
        }
        for (DeployEvent d : changes) {
            logs.add(
                    new LogRecord(
                            d.timestampMillis(),
                            d.service(),
                            null,
                            "INFO",
                            "rolled out "
                                    + d.version()
                                    + " (was "
                                    + d.previousVersion()
                                    + ") by "
                                    + d.actor()));
        }
        List<ImpactUpdate> impacts = new ArrayList<>();
        long dayStart = Math.floorDiv(onsetMillis, 86_400_000L) * 86_400_000L;
        for (ShopEnvironment.Service s : ShopEnvironment.SERVICES) {
            impacts.add(
                    new ImpactUpdate(
                            dayStart, s.name(), s.revenuePerMinute(), s.customerTier(), s.users()));
        }
        metrics.sort(Comparator.comparingLong(MetricSample::timestampMillis));
        logs.sort(Comparator.comparingLong(LogRecord::timestampMillis));
        return new ShowcaseFeeds(metrics, logs, changes, impacts);
    }

    private static double value(
            long seed,
            int series,
            long t,
            double base,
            String service,
            String host,
            String metric,
            List<Symptom> symptoms) {
        double v = base;
        for (Symptom s : symptoms) {
            if (s.service().equals(service)
                    && java.util.Objects.equals(s.host(), host)
                    && s.metric().equals(metric)
                    && t >= s.fromMillis()) {
                double f =
                        s.rampMillis() <= 0
                                ? 1
                                : Math.min(1, (double) (t - s.fromMillis()) / s.rampMillis());
                v = base + (s.value() - base) * f;
            }
        }
        double u = (PacketDice.hash(seed, series, t, 0xfeed) >>> 11) * 0x1.0p-53;
        return v * (1 + 0.02 * (2 * u - 1));
    }

    /** Writes the four side files into {@code dir}. */
    public void write(Path dir) throws IOException {
        write(dir.resolve(METRICS), metrics, EventJson::toJson);
        write(dir.resolve(LOGS), logs, EventJson::toJson);
        write(dir.resolve(DEPLOYS), deploys, EventJson::toJson);
        write(dir.resolve(IMPACT), impacts, EventJson::toJson);
    }

    static <T> void write(Path file, List<T> records, Function<T, String> json) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (T r : records) {
                w.write(json.apply(r));
                w.write('\n');
            }
        }
    }
}
