package io.phalanx.core.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON form of a {@link ReplayReport}, the documented contract of {@code phalanx replay}.
 *
 * <p>Doubles are written at full precision: rounding is a presentation concern ({@link
 * SummaryTable}), and a consumer comparing two reports must not see rounding noise. Reading ignores
 * fields this version does not know, because the schema only ever grows (a newer report stays
 * readable by an older tool).
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {}

    /** Pretty-printed JSON, ending with a newline so the file is friendly to {@code cat}. */
    public static String toJson(ReplayReport report) {
        try {
            return MAPPER.writeValueAsString(report) + System.lineSeparator();
        } catch (IOException e) {
            // Only reachable through a bug in the model's bindings: every field is a plain value.
            throw new UncheckedIOException("cannot serialise the replay report", e);
        }
    }

    public static ReplayReport fromJson(String json) throws IOException {
        return MAPPER.readValue(json, ReplayReport.class);
    }

    /** Writes the report to {@code file}, creating missing parent directories first. */
    public static void write(ReplayReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(report));
    }

    public static ReplayReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), ReplayReport.class);
    }
}
