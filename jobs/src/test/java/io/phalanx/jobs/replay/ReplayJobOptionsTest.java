package io.phalanx.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The cluster entry point's options, as `flink run ... --replay.x y` passes them. */
class ReplayJobOptionsTest {
    @Test
    void capturesAndDurationsParse() throws Exception {
        ReplayOptions o =
                ReplayJobOptions.read(
                        Configuration.fromMap(
                                Map.of(
                                        "replay.captures", "hop1=/data/a.pcap;hop2=/data/b.pcap",
                                        "replay.match-window", "2 s",
                                        "replay.max-conversations", "50")));
        assertThat(o.capturePoints()).containsExactly("hop1", "hop2");
        assertThat(o.captures().get(1).file()).isEqualTo(Path.of("/data/b.pcap"));
        assertThat(o.matchWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.maxConversations()).isEqualTo(50);
        assertThat(o.topology()).isNull();
    }

    @Test
    void missingOrMalformedCapturesAreRefused() {
        assertThatThrownBy(() -> ReplayJobOptions.read(new Configuration()))
                .hasMessageContaining("replay.captures is required");
        assertThatThrownBy(
                        () ->
                                ReplayJobOptions.read(
                                        Configuration.fromMap(
                                                Map.of("replay.captures", "/data/a.pcap"))))
                .hasMessageContaining("ID=PATH");
        assertThatThrownBy(
                        () ->
                                ReplayJobOptions.read(
                                        Configuration.fromMap(
                                                Map.of(
                                                        "replay.captures",
                                                        "hop1=/a.pcap;hop1=/b.pcap"))))
                .hasMessageContaining("given twice");
    }
}
