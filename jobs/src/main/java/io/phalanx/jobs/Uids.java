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

    // The streaming platform (PlatformJob). The stitcher and analyzer share the replay's uids: the
    // same operators, so a savepoint of one maps onto the other.
    public static final String KAFKA_PACKETS = "kafka-packets";
    public static final String KAFKA_DEAD_LETTER_SPLIT = "kafka-dead-letter-split";
    public static final String CONVERSATION_JSON = "conversation-json";
    public static final String CONVERSATIONS_SINK = "conversations-sink";
    public static final String NETWORK_JSON = "network-json";
    public static final String NETWORK_SINK = "network-sink";
    public static final String DEAD_LETTER_JSON = "dead-letter-json";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    public static String source(String capturePoint) {
        return "source-" + capturePoint;
    }

    public static String deadLetterSplit(String capturePoint) {
        return "dead-letter-split-" + capturePoint;
    }
}
