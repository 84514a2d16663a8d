package io.phalanx.gateway;

/**
 * A payload the gateway refuses as a whole (answered 400, nothing written). {@code position} says
 * which record broke it: {@code "line"} (1-based, JSON Lines and the Prometheus text format) or
 * {@code "index"} (0-based, JSON arrays), or null when the payload as a whole is wrong.
 */
public final class InvalidPayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String positionKind;
    private final long position;
    private final String reason;

    public InvalidPayloadException(String positionKind, long position, String reason) {
        super(positionKind == null ? reason : positionKind + " " + position + ": " + reason);
        this.positionKind = positionKind;
        this.position = position;
        this.reason = reason;
    }

    /** The payload as a whole is wrong (not JSON, wrong shape). */
    public static InvalidPayloadException whole(String reason) {
        return new InvalidPayloadException(null, -1, reason);
    }

    public static InvalidPayloadException atLine(long line, String reason) {
        return new InvalidPayloadException("line", line, reason);
    }

    public static InvalidPayloadException atIndex(long index, String reason) {
        return new InvalidPayloadException("index", index, reason);
    }

    /** {@code "line"}, {@code "index"} or null. */
    public String positionKind() {
        return positionKind;
    }

    public long position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
