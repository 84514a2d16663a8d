package io.phalanx.jobs.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {}

    static Duration parse(String text, String option) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    option + " wants a duration such as 250ms, 1s, 2m or 1h, not '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double ms =
                switch (m.group(2)) {
                    case "ms" -> v;
                    case "s" -> v * 1e3;
                    case "m" -> v * 60e3;
                    default -> v * 3600e3;
                };
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
