package io.phalanx.jobs;

/**
 * Stable operator uids: savepoints map state to operators by these, so they never change once
 * released. Sources get {@code source-<capture point>}, their dead-letter split {@code
 * dead-letter-split-<capture point>}.
 */
public final class Uids {
    private Uids() {}

    public static final String DEAD_LETTER_FILE = "dead-letter-file";
    public static final String HOP_STITCHER = "hop-stitcher";
    public static final String NETWORK_ANALYZER = "network-analyzer";

    public static String source(String capturePoint) {
        return "source-" + capturePoint;
    }

    public static String deadLetterSplit(String capturePoint) {
        return "dead-letter-split-" + capturePoint;
    }
}
