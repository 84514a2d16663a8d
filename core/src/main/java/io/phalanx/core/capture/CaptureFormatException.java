package io.phalanx.core.capture;

import java.io.IOException;

/**
 * A capture file that cannot be read at all: unknown magic, an unsupported major version, or a
 * global header cut short. Problems with single records never raise this; they become {@link
 * DeadLetter}s. The message always names the file and the reason, since it usually ends up in a job
 * failure seen by someone who did not write the file.
 */
public class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;

    public CaptureFormatException(String file, long offset, String reason) {
        super(file + " @" + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    /** Name of the capture file as given to the reader. */
    public String file() {
        return file;
    }

    /** Byte offset in the file of the header that could not be used. */
    public long offset() {
        return offset;
    }
}
