package io.phalanx.core.slo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The metric series an SLO's {@code good} or {@code total} query names, in the PromQL subset
 * Phalanx evaluates itself: a series selector {@code name{label="v", label!="v", label=~"re",
 * label!~"re"}}, optionally wrapped in {@code sum(...)} (the events of every matching series are
 * added, which is what {@code sum} of counters means for a ratio SLI). Regular expressions are
 * anchored at both ends, as in Prometheus; a matcher on an absent label sees the empty string.
 *
 * <p>Everything else (functions such as {@code rate} or {@code increase}, range selectors, {@code
 * by}/{@code without}, arithmetic) is rejected by {@link #parse} with a reason: the matched series
 * are counters and Phalanx takes their increases itself.
 */
public final class SeriesSelector implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String query;
    private final String metricName;
    private final List<Matcher> matchers;

    /** One label matcher. */
    private record Matcher(String label, String op, String value, Pattern regex)
            implements Serializable {
        boolean matches(Map<String, String> labels) {
            String v = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> regex.matcher(v).matches();
                default -> !regex.matcher(v).matches();
            };
        }
    }

    private SeriesSelector(String query, String metricName, List<Matcher> matchers) {
        this.query = query;
        this.metricName = metricName;
        this.matchers = List.copyOf(matchers);
    }

    /**
     * Parses {@code query}; throws {@link IllegalArgumentException} with a reason a user can act
     * on.
     */
    public static SeriesSelector parse(String query) {
        String q = query.strip();
        if (q.startsWith("sum")) {
            String rest = q.substring(3).strip();
            if (rest.startsWith("by") || rest.startsWith("without")) {
                throw new IllegalArgumentException(
                        "'" + query + "': sum by/without is not supported, sum over all series");
            }
            if (!rest.startsWith("(") || !rest.endsWith(")")) {
                throw new IllegalArgumentException(
                        "'" + query + "': expected sum(<series selector>)");
            }
            q = rest.substring(1, rest.length() - 1).strip();
        }
        int brace = q.indexOf('{');
        String name = (brace < 0 ? q : q.substring(0, brace)).strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + query
                            + "': expected a metric name with optional {label matchers}"
                            + " (functions, ranges and arithmetic are not supported: name the"
                            + " counter, Phalanx takes its increase), got '"
                            + name
                            + "'");
        }
        List<Matcher> matchers = new ArrayList<>();
        if (brace >= 0) {
            if (!q.endsWith("}")) {
                throw new IllegalArgumentException(
                        "'" + query + "': the label matchers must end the selector with '}'");
            }
            parseMatchers(query, q.substring(brace + 1, q.length() - 1), matchers);
        }
        return new SeriesSelector(query, name, matchers);
    }

    private static void parseMatchers(String query, String body, List<Matcher> out) {
        int i = 0;
        int n = body.length();
        while (true) {
            while (i < n && (Character.isWhitespace(body.charAt(i)))) {
                i++;
            }
            if (i >= n) {
                return;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
                i++;
            }
            String label = body.substring(start, i);
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(
                        "'" + query + "': bad label name at '" + body.substring(start) + "'");
            }
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            String op;
            if (body.startsWith("=~", i) || body.startsWith("!=", i) || body.startsWith("!~", i)) {
                op = body.substring(i, i + 2);
                i += 2;
            } else if (body.startsWith("=", i)) {
                op = "=";
                i++;
            } else {
                throw new IllegalArgumentException(
                        "'" + query + "': expected =, !=, =~ or !~ after label '" + label + "'");
            }
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= n || body.charAt(i) != '"') {
                throw new IllegalArgumentException(
                        "'" + query + "': the value of label '" + label + "' must be in quotes");
            }
            StringBuilder v = new StringBuilder();
            i++;
            while (i < n && body.charAt(i) != '"') {
                if (body.charAt(i) == '\\' && i + 1 < n) {
                    i++;
                }
                v.append(body.charAt(i));
                i++;
            }
            if (i >= n) {
                throw new IllegalArgumentException(
                        "'" + query + "': unterminated value of label '" + label + "'");
            }
            i++;
            Pattern regex = null;
            if (op.endsWith("~")) {
                try {
                    regex = Pattern.compile(v.toString());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(
                            "'"
                                    + query
                                    + "': bad regular expression for '"
                                    + label
                                    + "': "
                                    + e.getDescription());
                }
            }
            out.add(new Matcher(label, op, v.toString(), regex));
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i < n) {
                if (body.charAt(i) != ',') {
                    throw new IllegalArgumentException(
                            "'" + query + "': expected ',' between label matchers");
                }
                i++;
            }
        }
    }

    /** Whether the series {@code name{labels}} is selected. */
    public boolean matches(String name, Map<String, String> labels) {
        if (!metricName.equals(name)) {
            return false;
        }
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public String metricName() {
        return metricName;
    }

    /** The query as written in the SLO file. */
    public String query() {
        return query;
    }

    @Override
    public String toString() {
        return query;
    }
}
