package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.jobs.platform.KafkaTestSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phalanx publish} then {@code phalanx run --until-drained} against a real broker, as a user
 * types them: the final network view printed by {@code run} shows the sample set's 40 ms delay on
 * hop2 -> hop3.
 */
class RunCommandITCase {
    @TempDir Path tmp;

    @Test
    void publishThenRunUntilDrainedPrintsTheFinalNetworkView() {
        String bootstrap = KafkaTestSupport.bootstrap();
        String prefix = "cli" + System.nanoTime() + ".";
        List<String> publish =
                new ArrayList<>(
                        List.of(
                                "publish",
                                "--bootstrap",
                                bootstrap,
                                "--topic-prefix",
                                prefix,
                                "-q"));
        for (String hop : new String[] {"hop1", "hop2", "hop3", "hop4"}) {
            publish.add("--capture");
            publish.add(
                    hop
                            + "="
                            + ReplayCommandITCase.SAMPLES
                                    .resolve("delay-40ms-fwd-r2-server")
                                    .resolve(hop + ".pcap"));
        }
        ReplayCommandITCase.Run p = ReplayCommandITCase.run(publish.toArray(String[]::new));
        assertThat(p.exit()).as(p.err()).isZero();

        ReplayCommandITCase.Run r =
                ReplayCommandITCase.run(
                        "run",
                        "--bootstrap",
                        bootstrap,
                        "--topic-prefix",
                        prefix,
                        "--capture-points",
                        "hop1,hop2,hop3,hop4",
                        "--until-drained",
                        "--query-port",
                        "0",
                        "--checkpoint-dir",
                        tmp.resolve("ckpt").toString(),
                        "--checkpoint-interval",
                        "200ms");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("== phalanx: final network view");
        String last = r.out().substring(r.out().lastIndexOf("== phalanx: final network view"));
        Matcher m = Pattern.compile("hop2 -> hop3\\s+(\\d+)\\s+([0-9.]+)").matcher(last);
        assertThat(m.find()).as(last).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(17339);
        assertThat(Double.parseDouble(m.group(2))).isBetween(39.5, 41.5);
    }

    @Test
    void runRefusesToStartWithoutCapturePoints() {
        ReplayCommandITCase.Run r = ReplayCommandITCase.run("run", "--bootstrap", "127.0.0.1:1");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--capture-points");
    }

    @Test
    void publishRejectsABadSpeed() {
        ReplayCommandITCase.Run r =
                ReplayCommandITCase.run(
                        "publish",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--speed",
                        "fast",
                        "--capture",
                        "hop1=" + ReplayCommandITCase.SAMPLES.resolve("baseline/hop1.pcap"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--speed is a positive factor");
    }
}
