package io.phalanx.jobs.replay;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.diagnosis.DiagnosisRulesFile;
import io.phalanx.core.incident.LlmNarrator;
import io.phalanx.core.stitch.Topology;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The replay job's options when it is submitted to a cluster ({@code flink run ...
 * --replay.captures "hop1=/data/a.pcap;hop2=/data/b.pcap" --replay.match-window 2s}); the CLI sets
 * the same fields through {@link ReplayOptions} directly.
 */
public final class ReplayJobOptions {
    private ReplayJobOptions() {}

    public static final ConfigOption<List<String>> CAPTURES =
            key("replay.captures")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Capture files as ID=PATH, separated by ';' (merged pcapng files are"
                                    + " named by interface in the CLI only).");

    public static final ConfigOption<Duration> MATCH_WINDOW =
            key("replay.match-window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Longest time between a packet's first and last sighting across capture"
                                    + " points, clock skew included.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            key("replay.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("A conversation idle this long is finished.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            key("replay.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription(
                            "How far timestamps may run backwards inside one capture file.");

    public static final ConfigOption<Integer> MAX_CONVERSATIONS =
            key("replay.max-conversations")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription("Conversation rows listed in the report; all are analysed.");

    public static final ConfigOption<String> TOPOLOGY =
            key("replay.topology")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Declared paths (JSON); without it paths are discovered.");

    public static final ConfigOption<String> DIAGNOSIS_RULES =
            key("replay.diagnosis-rules")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Diagnosis thresholds (YAML, see DiagnosisRulesFile); defaults without.");

    public static final ConfigOption<String> METRICS =
            key("replay.metrics")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Metric samples, JSON Lines (docs/TOPICS.md); none without.");

    public static final ConfigOption<String> LOGS =
            key("replay.logs")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Log records, JSON Lines (docs/TOPICS.md); none without.");

    public static final ConfigOption<String> DEPLOYS =
            key("replay.deploys")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Deploy events, JSON Lines (docs/TOPICS.md); none without.");

    /** Reads and validates the options. */
    public static ReplayOptions read(Configuration conf) throws IOException, ConfigFileException {
        List<String> specs =
                conf.getOptional(CAPTURES)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                CAPTURES.key() + " is required"));
        List<CaptureInput> captures = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        CAPTURES.key() + " wants ID=PATH entries, got '" + spec + "'");
            }
            captures.add(CaptureInput.at(spec.substring(0, eq), Path.of(spec.substring(eq + 1))));
        }
        return new ReplayOptions(
                captures,
                conf.get(MATCH_WINDOW),
                conf.get(IDLE_TIMEOUT),
                conf.get(OUT_OF_ORDERNESS),
                conf.get(MAX_CONVERSATIONS),
                conf.getOptional(TOPOLOGY).isPresent()
                        ? Topology.read(Path.of(conf.get(TOPOLOGY)))
                        : null,
                null,
                conf.getOptional(DIAGNOSIS_RULES).isPresent()
                        ? DiagnosisRulesFile.read(Path.of(conf.get(DIAGNOSIS_RULES)))
                        : null,
                new IncidentOptions(
                        conf.getOptional(METRICS).map(Path::of).orElse(null),
                        conf.getOptional(LOGS).map(Path::of).orElse(null),
                        conf.getOptional(DEPLOYS).map(Path::of).orElse(null),
                        conf.getOptional(DIAGNOSIS_RULES).isPresent()
                                ? DiagnosisRulesFile.readPatterns(
                                        Path.of(conf.get(DIAGNOSIS_RULES)))
                                : null,
                        LlmNarrator.Config.fromEnvironment(System.getenv())));
    }
}
