package io.phalanx.jobs.cli;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/**
 * Durations on the command line in Flink's own syntax ({@code 250ms}, {@code 1s}, {@code 2min},
 * {@code 1h}), so a value means the same here as in a Flink configuration file; errors name the
 * option.
 */
final class Durations {
    private Durations() {}

    static Duration parse(String text, String option) {
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option
                            + " wants a duration such as 250ms, 1s, 2min or 1h, not '"
                            + text
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }
}
