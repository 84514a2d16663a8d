package io.phalanx.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's own counters, served on {@code GET /metrics} in the Prometheus text format:
 *
 * <ul>
 *   <li>{@code phalanx_ingest_records_accepted_total{feed}}: records written (committed);
 *   <li>{@code phalanx_ingest_records_skipped_total{feed}}: Prometheus samples with a NaN or
 *       infinite value, acknowledged but not written;
 *   <li>{@code phalanx_ingest_requests_total{feed,code}}: requests by HTTP status;
 *   <li>{@code phalanx_ingest_requests_rejected_total{feed,reason}}: refused requests by reason
 *       (invalid, unauthorized, too_large, unsupported_media_type, method_not_allowed, kafka).
 * </ul>
 *
 * A refused request writes none of its records, so rejections are counted per request.
 */
final class IngestMetrics {
    private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();
    private final Map<String, String> help = new ConcurrentHashMap<>();

    IngestMetrics() {
        help.put("phalanx_ingest_records_accepted_total", "Records written to Kafka (committed).");
        help.put(
                "phalanx_ingest_records_skipped_total",
                "Prometheus samples with NaN or infinite values, acknowledged, not written.");
        help.put("phalanx_ingest_requests_total", "Requests by feed and HTTP status.");
        help.put(
                "phalanx_ingest_requests_rejected_total",
                "Refused requests by feed and reason; nothing of them was written.");
    }

    void accepted(String feed, long records) {
        add("phalanx_ingest_records_accepted_total{feed=\"" + feed + "\"}", records);
    }

    void skipped(String feed, long records) {
        add("phalanx_ingest_records_skipped_total{feed=\"" + feed + "\"}", records);
    }

    void request(String feed, int code) {
        add("phalanx_ingest_requests_total{code=\"" + code + "\",feed=\"" + feed + "\"}", 1);
    }

    void rejected(String feed, String reason) {
        add(
                "phalanx_ingest_requests_rejected_total{feed=\""
                        + feed
                        + "\",reason=\""
                        + reason
                        + "\"}",
                1);
    }

    /** The value of one series as rendered, e.g. {@code x_total{feed="logs"}}; 0 when unseen. */
    long value(String series) {
        LongAdder a = counters.get(series);
        return a == null ? 0 : a.sum();
    }

    private void add(String series, long n) {
        if (n > 0) {
            counters.computeIfAbsent(series, k -> new LongAdder()).add(n);
        }
    }

    String exposition() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(help)
                .forEach(
                        (name, text) -> {
                            b.append("# HELP ").append(name).append(' ').append(text).append('\n');
                            b.append("# TYPE ").append(name).append(" counter\n");
                            counters.forEach(
                                    (series, v) -> {
                                        if (series.startsWith(name + "{")) {
                                            b.append(series)
                                                    .append(' ')
                                                    .append(v.sum())
                                                    .append('\n');
                                        }
                                    });
                        });
        return b.toString();
    }
}
