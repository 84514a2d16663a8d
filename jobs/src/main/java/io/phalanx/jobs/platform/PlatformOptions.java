package io.phalanx.jobs.platform;

import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.stitch.Topology;
import io.phalanx.jobs.replay.ReplayJobOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Typed options of the streaming platform job, validated on construction.
 *
 * @param bootstrapServers the Kafka cluster holding the feeds and receiving the results
 * @param capturePoints the capture points whose packets are accepted; batches from any other go to
 *     the dead letters
 * @param matchWindow longest time between a packet's first and last sighting, clock skew included
 * @param idleTimeout a conversation with no packet for this long is finished
 * @param outOfOrderness how far packet timestamps may run backwards within one partition of the
 *     packets topic: it must cover the clock skew between capture points that share a partition and
 *     their publishing delay
 * @param sourceIdleness a partition without records for this long stops holding the watermark back,
 *     so an idle capture point does not stall the pipeline
 * @param reportInterval event time between two network views on the network topic
 * @param maxConversations how many conversation rows a network view lists (all are analysed)
 * @param topology declared paths, or null to discover paths from the traffic
 * @param bounded read only what the packets topic holds when the job starts, then finish (a replay
 *     through Kafka); otherwise run until cancelled
 * @param groupId consumer group of the packets source (its offsets are committed on checkpoints)
 * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids, unique per job
 * @param topicPrefix prepended to every topic name of docs/TOPICS.md (e.g. {@code staging.}), empty
 *     by default
 */
public record PlatformOptions(
        String bootstrapServers,
        List<String> capturePoints,
        Duration matchWindow,
        Duration idleTimeout,
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration reportInterval,
        int maxConversations,
        Topology topology,
        DiagnosisRules diagnosisRules,
        boolean bounded,
        String groupId,
        String transactionalIdPrefix,
        String topicPrefix) {

    public PlatformOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka bootstrap servers are required");
        }
        if (capturePoints == null || capturePoints.isEmpty()) {
            throw new IllegalArgumentException("at least one capture point is needed");
        }
        if (new LinkedHashSet<>(capturePoints).size() != capturePoints.size()) {
            throw new IllegalArgumentException("a capture point is named twice: " + capturePoints);
        }
        if (capturePoints.size() > 64) {
            throw new IllegalArgumentException("at most 64 capture points are supported");
        }
        capturePoints = List.copyOf(capturePoints);
        if (!positive(matchWindow) || idleTimeout.compareTo(matchWindow) < 0) {
            throw new IllegalArgumentException(
                    "the match window must be positive and the idle timeout at least as long");
        }
        if (!positive(reportInterval) || !positive(sourceIdleness)) {
            throw new IllegalArgumentException(
                    "the report interval and the source idleness must be positive");
        }
        if (topology != null) {
            topology.validateAgainst(capturePoints);
        }
        if (diagnosisRules == null) {
            diagnosisRules = DiagnosisRules.defaults();
        }
        if (topicPrefix == null) {
            topicPrefix = "";
        }
    }

    /** The name of a topic of {@code Topics} for this job. */
    public String topic(String name) {
        return topicPrefix + name;
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /** The defaults of {@code phalanx run} for these capture points. */
    public static PlatformOptions defaults(String bootstrapServers, List<String> capturePoints) {
        return new PlatformOptions(
                bootstrapServers,
                capturePoints,
                ReplayJobOptions.MATCH_WINDOW.defaultValue(),
                ReplayJobOptions.IDLE_TIMEOUT.defaultValue(),
                ReplayJobOptions.OUT_OF_ORDERNESS.defaultValue(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                ReplayJobOptions.MAX_CONVERSATIONS.defaultValue(),
                null,
                null,
                false,
                "phalanx-platform",
                "phalanx-platform",
                "");
    }

    /**
     * These options with their own Kafka identity: bounded or not, a topic prefix, the packets
     * source's consumer group and the sinks' transactional-id prefix (tests and benchmarks run
     * several jobs side by side on one broker).
     */
    public PlatformOptions withKafka(
            boolean bounded, String topicPrefix, String groupId, String transactionalIdPrefix) {
        return new PlatformOptions(
                bootstrapServers,
                capturePoints,
                matchWindow,
                idleTimeout,
                outOfOrderness,
                sourceIdleness,
                reportInterval,
                maxConversations,
                topology,
                diagnosisRules,
                bounded,
                groupId,
                transactionalIdPrefix,
                topicPrefix);
    }
}
