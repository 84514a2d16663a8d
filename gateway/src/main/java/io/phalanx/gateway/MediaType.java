package io.phalanx.gateway;

import java.util.Locale;

/**
 * The body formats the gateway reads, from a request's {@code Content-Type}. Anything else is
 * answered 415, as is a charset other than UTF-8 or a Prometheus text version other than 0.0.4.
 */
enum MediaType {
    /** {@code application/json}: one object, an array of objects, or JSON Lines. */
    JSON,
    /** {@code application/x-ndjson} (or jsonl): strictly one object per line. */
    JSON_LINES,
    /** {@code text/plain; version=0.0.4}: the Prometheus text exposition format. */
    PROMETHEUS_TEXT;

    static final String SUPPORTED =
            "application/json, application/x-ndjson (JSON Lines), and for /v1/metrics"
                    + " text/plain; version=0.0.4 (Prometheus text exposition)";

    /** The format of {@code contentType}, or null when the gateway does not read it. */
    static MediaType of(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        String version = null;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String k = kv[0].strip().toLowerCase(Locale.ROOT);
            String v = kv.length > 1 ? kv[1].strip().replace("\"", "") : "";
            if (k.equals("charset") && !v.equalsIgnoreCase("utf-8")) {
                return null;
            }
            if (k.equals("version")) {
                version = v;
            }
        }
        switch (type) {
            case "application/json":
                return JSON;
            case "application/x-ndjson":
            case "application/jsonl":
            case "application/jsonlines":
            case "application/json-lines":
                return JSON_LINES;
            case "text/plain":
                return version == null || version.equals("0.0.4") ? PROMETHEUS_TEXT : null;
            default:
                return null;
        }
    }
}
