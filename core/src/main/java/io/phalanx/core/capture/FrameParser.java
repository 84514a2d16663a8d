package io.phalanx.core.capture;

import java.io.IOException;

/** One capture-file format's record framing, behind {@link CaptureFileReader}. */
abstract class FrameParser {
    /** Reports a record that cannot be used; reading goes on unless the parser says otherwise. */
    interface DeadLetters {
        void report(long offset, String reason);
    }

    final ByteSource in;
    final String file;
    final DeadLetters deadLetters;

    FrameParser(ByteSource in, String file, DeadLetters deadLetters) {
        this.in = in;
        this.file = file;
        this.deadLetters = deadLetters;
    }

    /**
     * Fills {@code frame} with the next frame; false at the end (or after an unrecoverable error).
     */
    abstract boolean next(CaptureFrame frame) throws IOException;

    /** Nanoseconds for (seconds, fraction), or -1 when the fraction is out of range. */
    static long toNanos(long seconds, long fraction, long fractionsPerSecond) {
        if (fraction < 0 || fraction >= fractionsPerSecond) {
            return -1;
        }
        return seconds * 1_000_000_000L + fraction * (1_000_000_000L / fractionsPerSecond);
    }
}
