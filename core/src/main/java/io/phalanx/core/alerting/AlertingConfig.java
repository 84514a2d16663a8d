package io.phalanx.core.alerting;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.core.config.ConfigFileException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code alerting.yaml} of {@code phalanx alerts} (docs/examples/alerting.yaml), validated at
 * start: every error names the file and line. Secrets never sit in the file: a PagerDuty routing
 * key and a Slack or Alertmanager URL may be given as {@code *Env} keys naming an environment
 * variable, which must be set and non-empty.
 */
public record AlertingConfig(
        String source,
        String generatorUrl,
        Duration requestTimeout,
        RetryPolicy retry,
        List<Target> targets) {

    /** One destination. {@code pageSeverities} empty = every severity pages it. */
    public record Target(
            String name, String type, URI url, String routingKey, Set<String> pageSeverities) {}

    private static final Set<String> TYPES = Set.of("alertmanager", "pagerduty", "slack");
    private static final Set<String> SEVERITIES = Set.of("critical", "major", "minor");

    /** Parses and validates {@code text} read from {@code file}; {@code env} resolves *Env keys. */
    public static AlertingConfig parse(String text, String file, Function<String, String> env)
            throws ConfigFileException {
        Located top = new Located(file, new Reader(text, file).root());
        top.onlyKeys(Set.of("source", "generatorUrl", "requestTimeout", "retry", "targets"));
        Duration timeout = top.duration("requestTimeout", Duration.ofSeconds(10));
        RetryPolicy retry = RetryPolicy.DEFAULT;
        if (top.has("retry")) {
            Located r = top.child("retry");
            r.onlyKeys(Set.of("initialBackoff", "multiplier", "maxBackoff", "maxAttempts"));
            try {
                retry =
                        new RetryPolicy(
                                r.duration("initialBackoff", RetryPolicy.DEFAULT.initial()),
                                Double.parseDouble(
                                        r.text(
                                                "multiplier",
                                                "" + RetryPolicy.DEFAULT.multiplier())),
                                r.duration("maxBackoff", RetryPolicy.DEFAULT.max()),
                                Integer.parseInt(
                                        r.text(
                                                "maxAttempts",
                                                "" + RetryPolicy.DEFAULT.maxAttempts())));
            } catch (IllegalArgumentException e) {
                throw r.error(e.getMessage());
            }
        }
        List<Located> items = top.list("targets");
        if (items.isEmpty()) {
            throw top.error("targets must name at least one target");
        }
        List<Target> targets = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Located t : items) {
            t.onlyKeys(Set.of("name", "type", "url", "urlEnv", "routingKeyEnv", "pageSeverities"));
            String type = t.text("type", null).toLowerCase(Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw t.error("type must be one of alertmanager, pagerduty, slack, got " + type);
            }
            String name = t.text("name", type);
            if (!names.add(name)) {
                throw t.error("duplicate target name '" + name + "'");
            }
            String urlKey = t.has("urlEnv") ? "urlEnv" : "url";
            String url = t.has("urlEnv") ? t.env("urlEnv", env) : t.text("url", null);
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw t.child(urlKey).error("url is not a URI: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw t.child(urlKey).error("url must be http or https, got " + url);
            }
            String routingKey = null;
            if (type.equals("pagerduty")) {
                routingKey = t.env("routingKeyEnv", env);
            } else if (t.has("routingKeyEnv")) {
                throw t.error("routingKeyEnv only applies to pagerduty targets");
            }
            Set<String> severities = new LinkedHashSet<>();
            if (t.has("pageSeverities")) {
                for (Located s : t.list("pageSeverities")) {
                    String sev = s.scalar().toLowerCase(Locale.ROOT);
                    if (!SEVERITIES.contains(sev)) {
                        throw s.error("pageSeverities: unknown severity '" + sev + "'");
                    }
                    severities.add(sev);
                }
            }
            targets.add(new Target(name, type, uri, routingKey, Set.copyOf(severities)));
        }
        return new AlertingConfig(
                top.text("source", "phalanx"),
                top.has("generatorUrl") ? top.text("generatorUrl", null) : null,
                timeout,
                retry,
                List.copyOf(targets));
    }

    /** A parsed value with its line: a String (scalar), a Map or a List of Value. */
    private record Value(Object v, int line) {}

    /** Builds a tree of {@link Value}s from the YAML token stream, keeping each node's line. */
    private static final class Reader {
        private final String text;
        private final String file;

        Reader(String text, String file) {
            this.text = text;
            this.file = file;
        }

        Value root() throws ConfigFileException {
            try (JsonParser p = new YAMLFactory().createParser(text)) {
                JsonToken t = p.nextToken();
                if (t != JsonToken.START_OBJECT) {
                    throw new ConfigFileException(file, 1, "the file must be a mapping");
                }
                return read(p, t, 1);
            } catch (JsonProcessingException e) {
                throw new ConfigFileException(
                        file,
                        e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                        "not valid YAML: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ConfigFileException(file, 0, "cannot read: " + e.getMessage());
            }
        }

        private Value read(JsonParser p, JsonToken t, int keyLine)
                throws IOException, ConfigFileException {
            int line = keyLine > 0 ? keyLine : p.currentTokenLocation().getLineNr();
            if (t == JsonToken.START_OBJECT) {
                Map<String, Value> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int entryLine = p.currentTokenLocation().getLineNr();
                    if (m.putIfAbsent(key, read(p, p.nextToken(), entryLine)) != null) {
                        throw new ConfigFileException(
                                file, entryLine, "duplicate key '" + key + "'");
                    }
                }
                return new Value(m, line);
            }
            if (t == JsonToken.START_ARRAY) {
                List<Value> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, n, 0));
                }
                return new Value(l, line);
            }
            return new Value(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
        }
    }

    /** Typed, located access to one node. */
    private static final class Located {
        private final String file;
        private final Value value;

        Located(String file, Value value) {
            this.file = file;
            this.value = value;
        }

        ConfigFileException error(String reason) {
            return new ConfigFileException(file, value.line(), reason);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Value> map() throws ConfigFileException {
            if (value.v() instanceof Map<?, ?> m) {
                return (Map<String, Value>) m;
            }
            throw error("expected a mapping");
        }

        boolean has(String key) throws ConfigFileException {
            return map().containsKey(key);
        }

        void onlyKeys(Set<String> allowed) throws ConfigFileException {
            for (Map.Entry<String, Value> e : map().entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw new ConfigFileException(
                            file,
                            e.getValue().line(),
                            "unknown field '"
                                    + e.getKey()
                                    + "' (allowed: "
                                    + String.join(", ", allowed.stream().sorted().toList())
                                    + ")");
                }
            }
        }

        Located child(String key) throws ConfigFileException {
            Value v = map().get(key);
            if (v == null) {
                throw error(key + " is required");
            }
            return new Located(file, v);
        }

        String scalar() throws ConfigFileException {
            if (value.v() instanceof String s && !s.isBlank()) {
                return s;
            }
            throw error("expected a non-empty value");
        }

        /** A scalar; {@code fallback} when absent, required when the fallback is null. */
        String text(String key, String fallback) throws ConfigFileException {
            if (!has(key)) {
                if (fallback == null) {
                    throw error(key + " is required");
                }
                return fallback;
            }
            Located c = child(key);
            if (c.value.v() instanceof String s && !s.isBlank()) {
                return s;
            }
            throw c.error(key + " must be a non-empty value");
        }

        List<Located> list(String key) throws ConfigFileException {
            Located c = child(key);
            if (c.value.v() instanceof List<?> l) {
                List<Located> out = new ArrayList<>();
                for (Object o : l) {
                    out.add(new Located(file, (Value) o));
                }
                return out;
            }
            throw c.error(key + " must be a list");
        }

        /** {@code 500ms}, {@code 10s}, {@code 2m}. */
        Duration duration(String key, Duration fallback) throws ConfigFileException {
            if (!has(key)) {
                return fallback;
            }
            String s = text(key, null).trim();
            try {
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                } else if (s.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
                } else if (s.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
                }
            } catch (NumberFormatException ignored) {
                // reported below with the line
            }
            throw child(key).error(key + " must be a duration like 500ms, 10s or 2m, got " + s);
        }

        String env(String key, Function<String, String> env) throws ConfigFileException {
            String var = text(key, null);
            String v = env.apply(var);
            if (v == null || v.isBlank()) {
                throw child(key).error("environment variable " + var + " is not set");
            }
            return v;
        }
    }
}
