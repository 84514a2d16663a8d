package io.phalanx.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.core.config.ConfigFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Change-freeze windows per environment, from a YAML file:
 *
 * <pre>{@code
 * freezes:
 *   - {name: black-friday, start: 2026-11-27T00:00:00Z, end: 2026-12-01T00:00:00Z,
 *      environments: [prod], allowRollbacks: true}
 * }</pre>
 *
 * A window covers [start, end); no {@code environments} means every environment. A rollback is
 * allowed through a window that says {@code allowRollbacks: true}.
 */
public final class ChangeFreezeCalendar {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One freeze window. */
    public record Freeze(
            String name,
            Instant start,
            Instant end,
            Set<String> environments,
            boolean allowRollbacks) {
        boolean covers(String environment, Instant at) {
            return !at.isBefore(start)
                    && at.isBefore(end)
                    && (environments.isEmpty() || environments.contains(environment));
        }
    }

    private final List<Freeze> freezes;

    public ChangeFreezeCalendar(List<Freeze> freezes) {
        this.freezes = List.copyOf(freezes);
    }

    public static ChangeFreezeCalendar load(Path file) throws ConfigFileException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    public static ChangeFreezeCalendar parse(String yaml, String source)
            throws ConfigFileException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigFileException(source, 0, "not valid YAML: " + e.getMessage());
        }
        List<Freeze> freezes = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("freezes");
        if (list == null || !list.isArray()) {
            throw new ConfigFileException(source, 0, "freezes: expected a list (may be empty)");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String at = "freezes[" + i + "]";
            String name = f.path("name").asText("");
            if (name.isBlank()) {
                throw new ConfigFileException(source, 0, at + ".name: required");
            }
            Instant start = instant(f, "start", at, source);
            Instant end = instant(f, "end", at, source);
            if (!end.isAfter(start)) {
                throw new ConfigFileException(source, 0, at + ".end: must be after start " + start);
            }
            Set<String> envs = new HashSet<>();
            f.path("environments").forEach(e -> envs.add(e.asText()));
            freezes.add(
                    new Freeze(name, start, end, envs, f.path("allowRollbacks").asBoolean(false)));
        }
        return new ChangeFreezeCalendar(freezes);
    }

    /** The first window that covers {@code environment} at {@code at}. */
    public Optional<Freeze> freezeAt(String environment, Instant at) {
        return freezes.stream().filter(f -> f.covers(environment, at)).findFirst();
    }

    public List<Freeze> freezes() {
        return freezes;
    }

    private static Instant instant(JsonNode f, String field, String at, String source)
            throws ConfigFileException {
        String text = f.path(field).asText("");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigFileException(
                    source, 0, at + "." + field + ": '" + text + "' is not an ISO-8601 instant");
        }
    }
}
