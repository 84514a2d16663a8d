package io.phalanx.core.events;

import io.phalanx.core.capture.DeadLetter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines side file (one record per line; blank lines and lines starting with {@code #}
 * are skipped). A line that does not parse becomes a {@link DeadLetter} naming the file, the feed,
 * the 1-based line number (as the offset) and the reason; the other lines are still read.
 */
public final class JsonLinesFile {
    /** Parses one line; {@code EventJson::metric} and friends fit. */
    @FunctionalInterface
    public interface LineParser<T> {
        T parse(String line) throws InvalidEventException;
    }

    private JsonLinesFile() {}

    public static <T> List<T> read(
            Path file, String feed, LineParser<T> parser, Consumer<DeadLetter> deadLetters)
            throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                try {
                    out.add(parser.parse(s));
                } catch (InvalidEventException e) {
                    deadLetters.accept(
                            new DeadLetter(
                                    file.toString(),
                                    feed,
                                    lineNo,
                                    "line " + lineNo + ": " + e.getMessage()));
                }
            }
        }
        return out;
    }
}
