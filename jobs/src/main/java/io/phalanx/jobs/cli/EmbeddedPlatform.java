package io.phalanx.jobs.cli;

import io.phalanx.jobs.platform.PlatformJob;
import io.phalanx.jobs.platform.PlatformOptions;
import io.phalanx.jobs.replay.ReplayJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The platform job on an embedded Flink mini cluster (RocksDB, checkpoints in a local directory,
 * exponential-delay restarts), shared by {@code phalanx run} and {@code phalanx demo}.
 */
final class EmbeddedPlatform {
    private EmbeddedPlatform() {}

    /** Builds {@link PlatformJob} on a local environment and submits it; returns its client. */
    static JobClient start(
            PlatformOptions options,
            Path checkpointDir,
            Duration checkpointInterval,
            int parallelism,
            Map<String, String> flinkOptions,
            String jobName)
            throws Exception {
        Files.createDirectories(checkpointDir);
        Configuration conf =
                ReplayJob.embeddedConfiguration("rocksdb", checkpointDir.toAbsolutePath());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flinkOptions.forEach(conf::setString);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(checkpointInterval.toMillis());
        PlatformJob.build(env, options);
        return env.executeAsync(jobName);
    }
}
