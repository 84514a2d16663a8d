package io.phalanx.core.events;

/** A feed record that does not follow the contract of docs/TOPICS.md; the message says why. */
public final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason);
    }
}
