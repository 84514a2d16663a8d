package io.phalanx.gateway;

import io.phalanx.core.events.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4 ({@code text/plain;
 * version=0.0.4}): what an exporter's {@code /metrics} page or a Pushgateway client sends.
 *
 * <p>Every sample line {@code name{label="value",...} value [timestamp_ms]} becomes one {@link
 * MetricSample}; samples without their own timestamp get {@code defaultTimestampMillis} (the scrape
 * time the caller names). Histogram and summary series stay as the flat samples the format carries
 * ({@code x_bucket{le="0.5"}}, {@code x_sum}, {@code x_count}, {@code x{quantile="0.9"}}).
 *
 * <p>Strict means: the first line that breaks the format fails the whole text with its 1-based line
 * number, never a silently dropped sample. Checked: metric and label names, label value escapes
 * (only {@code \\}, {@code \"} and {@code \n}), duplicate labels in one sample, numbers ({@code
 * NaN}, {@code +Inf}, {@code -Inf} included), integer timestamps, {@code # TYPE} values, a TYPE or
 * HELP line given twice or a TYPE after the family's first sample, {@code le} on histogram buckets
 * and {@code quantile} on summary quantiles. Tolerated: blank lines, other {@code #} comments,
 * blanks and tabs between tokens, a missing final line feed and CRLF line ends.
 */
public final class PrometheusTextParser {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");
    private static final Set<String> TYPES =
            Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, String> types = new HashMap<>();
    private final Set<String> helped = new HashSet<>();
    private final Set<String> sampleNames = new HashSet<>();
    private final long defaultTimestampMillis;
    private long lineNo;

    private PrometheusTextParser(long defaultTimestampMillis) {
        this.defaultTimestampMillis = defaultTimestampMillis;
    }

    /** Every sample of {@code text}, in order. */
    public static List<MetricSample> parse(String text, long defaultTimestampMillis)
            throws InvalidPayloadException {
        return new PrometheusTextParser(defaultTimestampMillis).parseAll(text);
    }

    private List<MetricSample> parseAll(String text) throws InvalidPayloadException {
        List<MetricSample> out = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.charAt(0) == '#') {
                comment(s);
            } else {
                out.add(sample(s));
            }
        }
        return out;
    }

    private void comment(String s) throws InvalidPayloadException {
        String[] t = s.substring(1).strip().split("[ \t]+", 3);
        if (t.length == 0 || !(t[0].equals("HELP") || t[0].equals("TYPE"))) {
            return; // a plain comment
        }
        if (t.length < 2 || !METRIC_NAME.matcher(t[1]).matches()) {
            throw error(
                    "# "
                            + t[0]
                            + " needs a valid metric name, got '"
                            + (t.length < 2 ? "" : t[1])
                            + "'");
        }
        String name = t[1];
        if (t[0].equals("HELP")) {
            if (!helped.add(name)) {
                throw error("second # HELP line for " + name);
            }
            checkHelpEscapes(t.length > 2 ? t[2] : "");
            return;
        }
        String type = t.length > 2 ? t[2].strip() : "";
        if (!TYPES.contains(type)) {
            throw error(
                    "# TYPE "
                            + name
                            + " has type '"
                            + type
                            + "', expected one of counter, gauge, histogram, summary, untyped");
        }
        if (types.containsKey(name)) {
            throw error("second # TYPE line for " + name);
        }
        for (String member : List.of(name, name + "_bucket", name + "_sum", name + "_count")) {
            if (sampleNames.contains(member)) {
                throw error("# TYPE " + name + " comes after its first sample (" + member + ")");
            }
        }
        types.put(name, type);
    }

    private MetricSample sample(String s) throws InvalidPayloadException {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) != '{' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        String name = s.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw error("invalid metric name '" + name + "'");
        }
        Map<String, String> labels = new TreeMap<>();
        i = skipBlanks(s, i);
        if (i < n && s.charAt(i) == '{') {
            i = labels(s, i + 1, labels);
            i = skipBlanks(s, i);
        }
        String[] rest = s.substring(i).strip().split("[ \t]+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw error("sample " + name + " has no value");
        }
        if (rest.length > 2) {
            throw error("unexpected text after the timestamp: '" + rest[2] + "'");
        }
        double value = number(rest[0]);
        long ts = defaultTimestampMillis;
        if (rest.length == 2) {
            if (!TIMESTAMP.matcher(rest[1]).matches()) {
                throw error(
                        "timestamp '"
                                + rest[1]
                                + "' is not an integer number of milliseconds since the epoch");
            }
            try {
                ts = Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw error("timestamp '" + rest[1] + "' is out of range");
            }
        }
        checkFamily(name, labels);
        sampleNames.add(name);
        return new MetricSample(ts, name, value, labels);
    }

    /** Parses {@code k="v",...}} from {@code i} (just after the brace); returns the index after. */
    private int labels(String s, int i, Map<String, String> labels) throws InvalidPayloadException {
        int n = s.length();
        while (true) {
            i = skipBlanks(s, i);
            if (i < n && s.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            String label = s.substring(start, i);
            if (!LABEL_NAME.matcher(label).matches()) {
                throw error("invalid label name '" + label + "'");
            }
            if (label.equals("__name__")) {
                throw error("label __name__ is reserved");
            }
            i = skipBlanks(s, i);
            if (i >= n || s.charAt(i) != '=') {
                throw error("expected '=' after label " + label);
            }
            i = skipBlanks(s, i + 1);
            if (i >= n || s.charAt(i) != '"') {
                throw error("value of label " + label + " must be a quoted string");
            }
            StringBuilder v = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < n) {
                char c = s.charAt(i++);
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= n) {
                        break;
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case '\\' -> v.append('\\');
                        case '"' -> v.append('"');
                        case 'n' -> v.append('\n');
                        default ->
                                throw error(
                                        "invalid escape \\"
                                                + e
                                                + " in the value of label "
                                                + label
                                                + " (only \\\\, \\\" and \\n)");
                    }
                } else {
                    v.append(c);
                }
            }
            if (!closed) {
                throw error("unterminated value of label " + label);
            }
            if (labels.put(label, v.toString()) != null) {
                throw error("label " + label + " given twice");
            }
            i = skipBlanks(s, i);
            if (i < n && s.charAt(i) == ',') {
                i++;
            } else if (i < n && s.charAt(i) == '}') {
                return i + 1;
            } else {
                throw error("expected ',' or '}' after the value of label " + label);
            }
        }
    }

    private void checkFamily(String name, Map<String, String> labels)
            throws InvalidPayloadException {
        if (name.endsWith("_bucket")
                && "histogram".equals(types.get(name.substring(0, name.length() - 7)))) {
            String le = labels.get("le");
            if (le == null) {
                throw error("histogram bucket " + name + " has no 'le' label");
            }
            number(le);
        }
        if ("summary".equals(types.get(name)) && labels.containsKey("quantile")) {
            number(labels.get("quantile"));
        }
        if ("histogram".equals(types.get(name))) {
            throw error(
                    "histogram "
                            + name
                            + " has a bare sample: only "
                            + name
                            + "_bucket, _sum and _count belong to it");
        }
    }

    private double number(String t) throws InvalidPayloadException {
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "+inf":
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw error("'" + t + "' is not a number (a decimal, NaN, +Inf or -Inf)");
        }
        return Double.parseDouble(t);
    }

    /** The help text itself is not kept; its escapes are still checked. */
    private void checkHelpEscapes(String help) throws InvalidPayloadException {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\' && i + 1 < help.length()) {
                char e = help.charAt(++i);
                if (e != '\\' && e != 'n') {
                    throw error("invalid escape \\" + e + " in a # HELP text (only \\\\ and \\n)");
                }
            }
        }
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private InvalidPayloadException error(String reason) {
        return InvalidPayloadException.atLine(lineNo, reason);
    }
}
