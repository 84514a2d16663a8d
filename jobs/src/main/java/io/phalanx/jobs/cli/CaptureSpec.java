package io.phalanx.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --capture ID=FILE} argument: a readable capture file and the capture point it was taken
 * at ({@code id} null for a bare pcapng whose interfaces name the capture points).
 */
record CaptureSpec(String id, Path file) {

    static CaptureSpec parse(String spec) {
        int eq = spec.indexOf('=');
        String id = eq > 0 ? spec.substring(0, eq) : null;
        Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read capture file " + file);
        }
        if (id != null && !id.matches("[A-Za-z0-9_.:-]+")) {
            throw new IllegalArgumentException(
                    "capture point id '" + id + "' may only use letters, digits and _.:-");
        }
        return new CaptureSpec(id, file);
    }

    /** Parses every spec; all must name their capture point ({@code requireId}) or may not. */
    static List<CaptureSpec> parseAll(List<String> specs, boolean requireId) {
        List<CaptureSpec> out = new ArrayList<>();
        for (String s : specs) {
            CaptureSpec c = parse(s);
            if (requireId && c.id() == null) {
                throw new IllegalArgumentException(
                        "--capture " + s + ": name the capture point, as in hop1=" + s);
            }
            out.add(c);
        }
        return out;
    }

    /** A pace factor: {@code 10x} or {@code 10} (ten times real time), {@code max} (0: unpaced). */
    static double speed(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("max")) {
            return 0;
        }
        try {
            double v = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--speed is a positive factor such as 1x, 10x or 0.5x, or max; not " + text);
    }
}
