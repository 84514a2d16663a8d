package io.phalanx.core.capture;

/**
 * A record that could not be used, with enough context to find it again: the file, the capture
 * point it was read for, the byte offset of the record (or of the failing header) and why. Flink
 * POJO; published to the dead-letter output instead of failing the job.
 */
public class DeadLetter {
    public String file;
    public String capturePoint;
    public long offset;
    public String reason;

    public DeadLetter() {}

    public DeadLetter(String file, String capturePoint, long offset, String reason) {
        this.file = file;
        this.capturePoint = capturePoint;
        this.offset = offset;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return file + " [" + capturePoint + "] @" + offset + ": " + reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && offset == d.offset
                && java.util.Objects.equals(file, d.file)
                && java.util.Objects.equals(capturePoint, d.capturePoint)
                && java.util.Objects.equals(reason, d.reason);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(file, capturePoint, offset, reason);
    }
}
