package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.packet.PacketEvent;
import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per hop of the three sample sets, exactly the packet counts that analysis.json states. */
class SampleCaptureSetsTest {
    static final Path CAPTURES =
            Path.of(System.getProperty("phalanx.repo.root", ".."), "samples", "captures");

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "baseline, hop1",
        "baseline, hop2",
        "baseline, hop3",
        "baseline, hop4",
        "delay-40ms-fwd-r2-server, hop1",
        "delay-40ms-fwd-r2-server, hop2",
        "delay-40ms-fwd-r2-server, hop3",
        "delay-40ms-fwd-r2-server, hop4",
        "loss-3pct-fwd-r1-r2, hop1",
        "loss-3pct-fwd-r1-r2, hop2",
        "loss-3pct-fwd-r1-r2, hop3",
        "loss-3pct-fwd-r1-r2, hop4",
    })
    void countsMatchAnalysis(String set, String hop) throws Exception {
        JsonNode expected =
                new ObjectMapper()
                        .readTree(CAPTURES.resolve(set).resolve("analysis.json").toFile())
                        .path("hops")
                        .path(hop);
        assertThat(expected.path("packets").asInt()).isPositive();
        long tcp = 0, udp = 0, icmp = 0, packets = 0;
        long lastTs = Long.MIN_VALUE;
        try (CaptureFileReader reader =
                CaptureFileReader.open(
                        new BufferedInputStream(
                                Files.newInputStream(CAPTURES.resolve(set).resolve(hop + ".pcap"))),
                        set + "/" + hop + ".pcap",
                        hop,
                        d -> {
                            throw new AssertionError("unexpected dead letter " + d);
                        })) {
            PacketEvent e = new PacketEvent();
            while (reader.next(e)) {
                packets++;
                switch (e.proto) {
                    case PacketEvent.PROTO_TCP -> tcp++;
                    case PacketEvent.PROTO_UDP -> udp++;
                    case PacketEvent.PROTO_ICMP -> icmp++;
                    default -> throw new AssertionError("unexpected protocol in " + e);
                }
                assertThat(e.capturePoint).isEqualTo(hop);
                assertThat(e.flags & PacketEvent.FLAG_TRUNCATED).isZero();
                lastTs = Math.max(lastTs, e.tsNanos);
            }
            assertThat(reader.nonIpFrames()).isZero();
        }
        assertThat(packets).isEqualTo(expected.path("packets").asLong());
        assertThat(tcp).isEqualTo(expected.path("tcp").asLong());
        assertThat(udp).isEqualTo(expected.path("udp").asLong());
        assertThat(icmp).isEqualTo(expected.path("icmp").asLong());
    }
}
