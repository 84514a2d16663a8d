package io.phalanx.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a JSON request body into its records, remembering where each came from so that a refusal
 * can name it. Three shapes are accepted:
 *
 * <ul>
 *   <li>a JSON array of objects: positions are 0-based indexes;
 *   <li>one JSON object (possibly spread over several lines): position index 0;
 *   <li>JSON Lines (one object per line; blank lines and lines starting with {@code #} skipped, as
 *       in side files): positions are 1-based line numbers.
 * </ul>
 *
 * With {@code jsonLinesOnly} (an {@code application/x-ndjson} body) the body is always read as JSON
 * Lines, so a line that is not a complete object is named rather than glued to the next.
 */
final class JsonRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One record and where it was in the body. */
    record Positioned(String positionKind, long position, String json) {
        InvalidPayloadException invalid(String reason) {
            return new InvalidPayloadException(positionKind, position, reason);
        }
    }

    private JsonRecords() {}

    static List<Positioned> split(String body, boolean jsonLinesOnly)
            throws InvalidPayloadException {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            throw InvalidPayloadException.whole("empty body: no records");
        }
        if (!jsonLinesOnly && trimmed.charAt(0) == '[') {
            return array(trimmed);
        }
        if (!jsonLinesOnly && trimmed.charAt(0) == '{') {
            JsonNode single = singleValue(trimmed);
            if (single != null) {
                return List.of(new Positioned("index", 0, single.toString()));
            }
        }
        return lines(body);
    }

    private static List<Positioned> array(String body) throws InvalidPayloadException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvalidPayloadException.whole(
                    "not a JSON array: "
                            + e.getOriginalMessage()
                            + " at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr());
        }
        if (root.isEmpty()) {
            throw InvalidPayloadException.whole("empty array: no records");
        }
        List<Positioned> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            if (!n.isObject()) {
                throw InvalidPayloadException.atIndex(
                        i, "not a JSON object but " + n.getNodeType().name().toLowerCase());
            }
            out.add(new Positioned("index", i, n.toString()));
        }
        return out;
    }

    /** The body as one JSON value, or null when more follows it (then it is JSON Lines). */
    private static JsonNode singleValue(String body) {
        try (JsonParser p = MAPPER.createParser(body)) {
            JsonNode n = MAPPER.readTree(p);
            return p.nextToken() == null ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Positioned> lines(String body) throws InvalidPayloadException {
        List<Positioned> out = new ArrayList<>();
        long lineNo = 0;
        for (String line : body.split("\n", -1)) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            try (JsonParser p = MAPPER.createParser(s)) {
                JsonNode n = MAPPER.readTree(p);
                if (n == null || !n.isObject()) {
                    throw InvalidPayloadException.atLine(lineNo, "not a JSON object");
                }
                JsonToken trailing = p.nextToken();
                if (trailing != null) {
                    throw InvalidPayloadException.atLine(
                            lineNo, "more than one JSON value on the line");
                }
                out.add(new Positioned("line", lineNo, n.toString()));
            } catch (JsonProcessingException e) {
                throw InvalidPayloadException.atLine(lineNo, "not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw InvalidPayloadException.atLine(lineNo, "not JSON: " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw InvalidPayloadException.whole("no records (only blank or comment lines)");
        }
        return out;
    }
}
