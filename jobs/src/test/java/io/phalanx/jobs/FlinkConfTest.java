package io.phalanx.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.jobs.replay.ReplayJob;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

/** flink-conf/config.yaml parses with Flink's loader and agrees with the embedded setup. */
class FlinkConfTest {
    private static final Path CONF =
            Path.of(System.getProperty("phalanx.repo.root", "..")).resolve("flink-conf");

    @Test
    void clusterConfigurationMatchesTheEmbeddedOne() {
        Configuration cluster = GlobalConfiguration.loadConfiguration(CONF.toString());
        Configuration embedded = ReplayJob.embeddedConfiguration("rocksdb", null);
        for (String key :
                new String[] {
                    "state.backend.type",
                    "execution.checkpointing.incremental",
                    "pipeline.generic-types",
                    "rest.bind-address",
                    "taskmanager.host"
                }) {
            assertThat(cluster.toMap()).as(key).containsEntry(key, embedded.toMap().get(key));
        }
        assertThat(cluster.toMap().get("env.java.opts.all"))
                .contains("--add-opens=java.base/java.util=ALL-UNNAMED");
        assertThat(cluster.toMap()).containsEntry("restart-strategy.type", "exponential-delay");
    }
}
