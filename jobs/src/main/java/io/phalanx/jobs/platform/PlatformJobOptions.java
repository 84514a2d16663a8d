package io.phalanx.jobs.platform;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.phalanx.core.diagnosis.DiagnosisRulesFile;
import io.phalanx.core.stitch.Topology;
import io.phalanx.jobs.replay.ReplayJobOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The platform job's options as Flink {@link ConfigOption}s, for cluster submission ({@code flink
 * run ... --platform.bootstrap kafka:9092 --platform.capture-points "hop1;hop2"}); stitching
 * options are shared with the replay ({@code replay.match-window} etc., see {@link
 * ReplayJobOptions}).
 */
public final class PlatformJobOptions {
    private PlatformJobOptions() {}

    public static final ConfigOption<String> BOOTSTRAP =
            key("platform.bootstrap")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers of the feeds and result topics.");

    public static final ConfigOption<List<String>> CAPTURE_POINTS =
            key("platform.capture-points")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Capture points whose packets are accepted, ';'-separated; others are dead letters.");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            key("platform.source-idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "A packets partition silent this long stops holding the watermark back.");

    public static final ConfigOption<Duration> VIEW_INTERVAL =
            key("platform.view-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Event time between two network views on the network topic.");

    public static final ConfigOption<Boolean> BOUNDED =
            key("platform.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the packets topic's end offsets as of the start (a replay through Kafka).");

    public static final ConfigOption<String> GROUP_ID =
            key("platform.group-id")
                    .stringType()
                    .defaultValue("phalanx-platform")
                    .withDescription("Consumer group of the packets source.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("platform.transactional-id-prefix")
                    .stringType()
                    .defaultValue("phalanx-platform")
                    .withDescription(
                            "Prefix of the exactly-once sinks' transactional ids; unique per job in a cluster.");

    public static final ConfigOption<String> TOPIC_PREFIX =
            key("platform.topic-prefix")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Prefix of every topic name.");

    /** Reads and validates the options; a missing or invalid one is an IllegalArgumentException. */
    public static PlatformOptions read(Configuration c) throws Exception {
        String bootstrap = c.get(BOOTSTRAP);
        List<String> cps = c.get(CAPTURE_POINTS);
        if (bootstrap == null || cps == null || cps.isEmpty()) {
            throw new IllegalArgumentException(
                    "platform.bootstrap and platform.capture-points are required");
        }
        String topology = c.get(ReplayJobOptions.TOPOLOGY);
        String rules = c.get(ReplayJobOptions.DIAGNOSIS_RULES);
        return new PlatformOptions(
                bootstrap,
                cps,
                c.get(ReplayJobOptions.MATCH_WINDOW),
                c.get(ReplayJobOptions.IDLE_TIMEOUT),
                c.get(ReplayJobOptions.OUT_OF_ORDERNESS),
                c.get(SOURCE_IDLENESS),
                c.get(VIEW_INTERVAL),
                c.get(ReplayJobOptions.MAX_CONVERSATIONS),
                topology == null ? null : Topology.read(Path.of(topology)),
                rules == null ? null : DiagnosisRulesFile.read(Path.of(rules)),
                c.get(BOUNDED),
                c.get(GROUP_ID),
                c.get(TRANSACTIONAL_ID_PREFIX),
                c.get(TOPIC_PREFIX));
    }
}
