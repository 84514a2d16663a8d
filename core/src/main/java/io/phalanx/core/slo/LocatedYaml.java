package io.phalanx.core.slo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.core.config.ConfigFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML tree that remembers the line of every node, so that validation errors point at the line a
 * user has to fix. Jackson's {@code JsonNode} drops locations, hence this small tree built from the
 * YAML streaming parser's token locations. Several documents (separated by {@code ---}) are read as
 * several roots. Duplicate keys are rejected: YAML forbids them and silently keeping the last one
 * hides typos.
 */
final class LocatedYaml {
    private static final YAMLFactory YAML = new YAMLFactory();

    private LocatedYaml() {}

    /** A node and the 1-based line where it starts. */
    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();

        /** What the node is, for "expected a mapping, got a list" messages. */
        String kind();
    }

    /** A scalar as written; {@code null} text for YAML null ({@code ~} or an empty value). */
    record Scalar(String text, int line) implements Node {
        @Override
        public String kind() {
            return text == null ? "null" : "a value";
        }
    }

    /** A mapping in file order. */
    record Mapping(Map<String, Node> entries, int line) implements Node {
        @Override
        public String kind() {
            return "a mapping";
        }

        Node get(String key) {
            return entries.get(key);
        }
    }

    /** A sequence in file order. */
    record Sequence(List<Node> items, int line) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** Reads every document of {@code text}; a YAML syntax error becomes a located rejection. */
    static List<Node> readDocuments(String text, String file) throws ConfigFileException {
        List<Node> docs = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(read(p, t, 0, file));
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ConfigFileException(
                    file,
                    loc == null ? 0 : loc.getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigFileException(file, 0, "cannot read: " + e.getMessage());
        }
        return docs;
    }

    /**
     * Reads the node starting at token {@code t}. A mapping or list under a key takes the key's
     * line ({@code keyLine}): Jackson locates a block mapping at its first entry, but a user looks
     * for "spec:", not for the line after it.
     */
    private static Node read(JsonParser p, JsonToken t, int keyLine, String file)
            throws IOException, ConfigFileException {
        int tokenLine = p.currentTokenLocation().getLineNr();
        int line = keyLine > 0 ? keyLine : tokenLine;
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int entryLine = p.currentTokenLocation().getLineNr();
                    Node value = read(p, p.nextToken(), entryLine, file);
                    if (entries.putIfAbsent(key, value) != null) {
                        throw new ConfigFileException(
                                file, entryLine, "duplicate key '" + key + "'");
                    }
                }
                return new Mapping(Collections.unmodifiableMap(entries), line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, t, 0, file));
                }
                return new Sequence(List.copyOf(items), line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, tokenLine);
            }
            default -> {
                return new Scalar(p.getText(), tokenLine);
            }
        }
    }

    /**
     * Navigation with located errors: each accessor names the YAML path it reads so that a message
     * says {@code spec.objectives[0].target} rather than "a number".
     */
    static final class Reader {
        private final String file;

        Reader(String file) {
            this.file = file;
        }

        ConfigFileException error(Node at, String reason) {
            return new ConfigFileException(file, at.line(), reason);
        }

        ConfigFileException error(int line, String reason) {
            return new ConfigFileException(file, line, reason);
        }

        Mapping mapping(Node node, String path) throws ConfigFileException {
            if (node instanceof Mapping m) {
                return m;
            }
            throw error(node, path + " must be a mapping, got " + node.kind());
        }

        Sequence sequence(Node node, String path) throws ConfigFileException {
            if (node instanceof Sequence s) {
                return s;
            }
            throw error(node, path + " must be a list, got " + node.kind());
        }

        /** Rejects keys outside {@code allowed}: a misspelt optional key would otherwise vanish. */
        void onlyKeys(Mapping m, String path, Set<String> allowed) throws ConfigFileException {
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw error(
                            e.getValue(),
                            "unknown field '"
                                    + e.getKey()
                                    + "' in "
                                    + path
                                    + " (allowed: "
                                    + String.join(", ", allowed.stream().sorted().toList())
                                    + ")");
                }
            }
        }

        Node required(Mapping m, String key, String path) throws ConfigFileException {
            Node n = m.get(key);
            if (n == null) {
                throw error(m, path + "." + key + " is required");
            }
            return n;
        }

        String text(Mapping m, String key, String path) throws ConfigFileException {
            Node n = required(m, key, path);
            if (n instanceof Scalar s && s.text() != null && !s.text().isBlank()) {
                return s.text();
            }
            throw error(n, path + "." + key + " must be a non-empty value, got " + n.kind());
        }

        String optionalText(Mapping m, String key, String path, String fallback)
                throws ConfigFileException {
            return m.get(key) == null ? fallback : text(m, key, path);
        }

        double number(Mapping m, String key, String path) throws ConfigFileException {
            String s = text(m, key, path);
            try {
                double d = Double.parseDouble(s);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the path
            }
            throw error(m.get(key), path + "." + key + " must be a number, got '" + s + "'");
        }

        boolean bool(Mapping m, String key, String path) throws ConfigFileException {
            String s = text(m, key, path);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            throw error(m.get(key), path + "." + key + " must be true or false, got '" + s + "'");
        }
    }
}
