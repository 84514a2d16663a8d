package io.phalanx.core.diagnosis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.incident.PatternRules;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link DiagnosisRules} from an editable YAML (or JSON) file, validated when the job starts.
 * Every key is optional (the default applies) and must be one of {@link #KEYS}; a wrong key, a
 * value that is not a positive number, or thresholds that contradict each other are refused with
 * the file, the line and the reason. Format version 1:
 *
 * <pre>{@code
 * version: 1
 * latencyMs: 5            # median one-way latency above which a segment is suspicious
 * congestionSpread: 0.5   # (p95 - p50) / p50 at or above which delay reads as queueing
 * lossRatio: 0.005
 * reorderRatio: 0.005
 * retransmissionRatio: 0.01
 * innocentLatencyMs: 1    # segments below this median latency ...
 * innocentLossRatio: 0.001 # ... and below this loss are cleared
 * }</pre>
 */
public final class DiagnosisRulesFile {
    public static final Set<String> KEYS =
            Set.of(
                    "latencyMs",
                    "congestionSpread",
                    "lossRatio",
                    "reorderRatio",
                    "retransmissionRatio",
                    "innocentLatencyMs",
                    "innocentLossRatio");

    private DiagnosisRulesFile() {}

    public static DiagnosisRules read(Path file) throws ConfigFileException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    public static DiagnosisRules parse(String text, String fileName) throws ConfigFileException {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        try (Reader r = new StringReader(text);
                JsonParser p = new YAMLFactory().createParser(r)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return DiagnosisRules.defaults();
            }
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigFileException(
                        fileName, line(p), "expected a mapping of rule: value");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p);
                JsonToken v = p.nextToken();
                if (key.equals("patterns")) {
                    p.skipChildren(); // read by parsePatterns
                    continue;
                }
                if (key.equals("version")) {
                    if (!v.isNumeric() || p.getIntValue() != 1) {
                        throw new ConfigFileException(fileName, line, "only version 1 is known");
                    }
                    continue;
                }
                if (!KEYS.contains(key)) {
                    throw new ConfigFileException(
                            fileName, line, "unknown rule '" + key + "'; known: " + KEYS);
                }
                if (!v.isNumeric() || p.getDoubleValue() <= 0) {
                    throw new ConfigFileException(
                            fileName,
                            line,
                            key + " must be a positive number, not '" + p.getText() + "'");
                }
                if (values.put(key, p.getDoubleValue()) != null) {
                    throw new ConfigFileException(fileName, line, key + " is given twice");
                }
                lines.put(key, line);
            }
        } catch (IOException e) {
            throw new ConfigFileException(fileName, 0, "not valid YAML: " + e.getMessage());
        }
        DiagnosisRules d = DiagnosisRules.defaults();
        try {
            return new DiagnosisRules(
                    values.getOrDefault("latencyMs", d.latencyMs()),
                    values.getOrDefault("congestionSpread", d.congestionSpread()),
                    values.getOrDefault("lossRatio", d.lossRatio()),
                    values.getOrDefault("reorderRatio", d.reorderRatio()),
                    values.getOrDefault("retransmissionRatio", d.retransmissionRatio()),
                    values.getOrDefault("innocentLatencyMs", d.innocentLatencyMs()),
                    values.getOrDefault("innocentLossRatio", d.innocentLossRatio()));
        } catch (IllegalArgumentException e) {
            int line =
                    lines.getOrDefault(
                            "innocentLatencyMs", lines.getOrDefault("innocentLossRatio", 0));
            throw new ConfigFileException(fileName, line, e.getMessage());
        }
    }

    /** The keys of the {@code patterns:} section, in the order of {@link PatternRules}. */
    public static final List<String> PATTERN_KEYS =
            List.of(
                    "kpiIntervalS",
                    "latencyMs",
                    "congestionSpread",
                    "sustainIntervals",
                    "minPackets",
                    "lossRatio",
                    "reorderRatio",
                    "retransmissionStorm",
                    "deployWindowS",
                    "cpuSaturation",
                    "timeouts",
                    "cpuTimeoutWindowS",
                    "sloBurnRate");

    /**
     * Network rules a pattern inherits when its {@code patterns:} section does not set them: a
     * segment judged healthy over the capture is not flagged per interval at a lower threshold.
     */
    private static final Set<String> INHERITED_KEYS =
            Set.of("latencyMs", "congestionSpread", "lossRatio", "reorderRatio");

    private static final Set<String> INTEGER_PATTERN_KEYS =
            Set.of("sustainIntervals", "minPackets", "retransmissionStorm", "timeouts");

    public static PatternRules readPatterns(Path file) throws ConfigFileException {
        try {
            return parsePatterns(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The incident patterns' thresholds and windows from the {@code patterns:} mapping of a rules
     * file (every key optional: {@code latencyMs}, {@code congestionSpread}, {@code lossRatio} and
     * {@code reorderRatio} default to the top-level rules of the same name when those are given,
     * the rest to {@link PatternRules#defaults()}); refused with the file, the line and the reason
     * when a key is unknown, a value is not a positive number (an integer where a count is meant),
     * or the values contradict each other.
     */
    public static PatternRules parsePatterns(String text, String fileName)
            throws ConfigFileException {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Double> inherited = new HashMap<>();
        Map<String, Integer> inheritedLines = new HashMap<>();
        try (Reader r = new StringReader(text);
                JsonParser p = new YAMLFactory().createParser(r)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return PatternRules.defaults();
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                JsonToken v = p.nextToken();
                if (!key.equals("patterns")) {
                    if (INHERITED_KEYS.contains(key) && v.isNumeric()) {
                        inherited.put(key, p.getDoubleValue());
                        inheritedLines.put(key, keyLine);
                    }
                    p.skipChildren();
                    continue;
                }
                if (v != JsonToken.START_OBJECT) {
                    throw new ConfigFileException(
                            fileName, keyLine, "patterns must be a mapping of rule: value");
                }
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String rule = p.currentName();
                    int line = line(p);
                    JsonToken rv = p.nextToken();
                    if (!PATTERN_KEYS.contains(rule)) {
                        throw new ConfigFileException(
                                fileName,
                                line,
                                "unknown pattern rule '" + rule + "'; known: " + PATTERN_KEYS);
                    }
                    if (!rv.isNumeric() || p.getDoubleValue() <= 0) {
                        throw new ConfigFileException(
                                fileName,
                                line,
                                "patterns."
                                        + rule
                                        + " must be a positive number, not '"
                                        + p.getText()
                                        + "'");
                    }
                    if (INTEGER_PATTERN_KEYS.contains(rule) && rv != JsonToken.VALUE_NUMBER_INT) {
                        throw new ConfigFileException(
                                fileName,
                                line,
                                "patterns."
                                        + rule
                                        + " counts, so it must be a whole number, not '"
                                        + p.getText()
                                        + "'");
                    }
                    if (values.put(rule, p.getDoubleValue()) != null) {
                        throw new ConfigFileException(
                                fileName, line, "patterns." + rule + " is given twice");
                    }
                    lines.put(rule, line);
                }
            }
        } catch (IOException e) {
            throw new ConfigFileException(fileName, 0, "not valid YAML: " + e.getMessage());
        }
        for (Map.Entry<String, Double> e : inherited.entrySet()) {
            if (values.putIfAbsent(e.getKey(), e.getValue()) == null) {
                lines.put(e.getKey(), inheritedLines.get(e.getKey()));
            }
        }
        PatternRules d = PatternRules.defaults();
        try {
            return new PatternRules(
                    values.getOrDefault("kpiIntervalS", d.kpiIntervalS()),
                    values.getOrDefault("latencyMs", d.latencyMs()),
                    values.getOrDefault("congestionSpread", d.congestionSpread()),
                    values.getOrDefault("sustainIntervals", (double) d.sustainIntervals())
                            .intValue(),
                    values.getOrDefault("minPackets", (double) d.minPackets()).intValue(),
                    values.getOrDefault("lossRatio", d.lossRatio()),
                    values.getOrDefault("reorderRatio", d.reorderRatio()),
                    values.getOrDefault("retransmissionStorm", (double) d.retransmissionStorm())
                            .intValue(),
                    values.getOrDefault("deployWindowS", d.deployWindowS()),
                    values.getOrDefault("cpuSaturation", d.cpuSaturation()),
                    values.getOrDefault("timeouts", (double) d.timeouts()).intValue(),
                    values.getOrDefault("cpuTimeoutWindowS", d.cpuTimeoutWindowS()),
                    values.getOrDefault("sloBurnRate", d.sloBurnRate()));
        } catch (IllegalArgumentException e) {
            int line =
                    lines.getOrDefault(
                            "lossRatio",
                            lines.getOrDefault(
                                    "reorderRatio", lines.getOrDefault("cpuSaturation", 0)));
            throw new ConfigFileException(fileName, line, e.getMessage());
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
