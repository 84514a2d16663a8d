package io.phalanx.core.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.flow.CommunityId;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ladders of the iperf3 upload (client to server port 5201, the set's largest TCP conversation) in
 * the bundled capture sets: the loss set drops 3 % of client-to-server packets between r1 and r2,
 * so those arrows stop at hop1; the baseline loses nothing.
 */
class LadderBuilderTest {
    private static final Path SETS =
            Path.of(System.getProperty("phalanx.repo.root", ".."), "samples", "captures");
    private static final List<String> HOPS = List.of("hop1", "hop2", "hop3", "hop4");

    @Test
    void lostPacketsStopAtTheLastCapturePointTheyReached() throws IOException {
        Ladder ladder = uploadLadder("loss-3pct-fwd-r1-r2");

        assertThat(ladder.lanes()).containsExactlyElementsOf(HOPS);
        assertThat(ladder.orig()).startsWith("10.77.1.2:");
        assertThat(ladder.resp()).isEqualTo("10.77.3.2:5201");
        List<LadderPacket> sent =
                ladder.packets().stream().filter(p -> p.dir().equals("orig")).toList();
        List<LadderPacket> lost = sent.stream().filter(LadderPacket::lost).toList();
        assertThat(sent).hasSizeGreaterThan(1000);
        // 3 % drawn at random per packet: over >1000 packets the share lies well inside 1.5..5 %.
        assertThat((double) lost.size() / sent.size()).isBetween(0.015, 0.05);
        // Dropped as they left r1: seen at hop1 only, so they have fewer sightings than the rest.
        assertThat(lost)
                .allSatisfy(
                        p -> {
                            assertThat(p.sightings()).hasSize(1);
                            assertThat(p.sightings().get(0).capturePoint()).isEqualTo("hop1");
                        });
        assertThat(sent.stream().filter(p -> !p.lost()))
                .allSatisfy(p -> assertThat(p.sightings()).hasSize(4));
        // The sender resends what was lost.
        assertThat(ladder.retransmissions()).isGreaterThanOrEqualTo(lost.size() / 2);
        assertThat(ladder.packets().stream().filter(p -> p.dir().equals("resp")))
                .noneMatch(LadderPacket::lost);
    }

    @Test
    void arrowsRunDownTheLadderInTimeOrder() throws IOException {
        Ladder ladder = uploadLadder("baseline");

        assertThat(ladder.lostPackets()).isZero();
        LadderPacket syn = ladder.packets().get(0);
        assertThat(syn.flags()).isEqualTo("S");
        assertThat(syn.dir()).isEqualTo("orig");
        assertThat(syn.sightings().get(0).tMs()).isEqualTo(0.0, within(1e-9));
        assertThat(ladder.packets().get(1).flags()).isEqualTo("SA");
        assertThat(ladder.packets().get(1).sightings().get(0).capturePoint()).isEqualTo("hop4");
        for (LadderPacket p : ladder.packets()) {
            for (int i = 1; i < p.sightings().size(); i++) {
                // One clock for all four namespaces: a later hop never sees a packet earlier.
                assertThat(p.sightings().get(i).tMs())
                        .isGreaterThanOrEqualTo(p.sightings().get(i - 1).tMs());
            }
        }
    }

    @Test
    void clockOffsetsShiftALanesTimes() throws IOException {
        Ladder plain = uploadLadder("baseline");
        Ladder shifted = ladder("baseline", Map.of("hop4", 5.0));

        // recorded = true + offset: a lane 5 ms ahead is moved 5 ms back against the others.
        assertThat(hop1ToHop4(plain) - hop1ToHop4(shifted)).isCloseTo(5.0, within(1e-6));
    }

    private static double hop1ToHop4(Ladder ladder) {
        List<LadderSighting> syn = ladder.packets().get(0).sightings();
        return syn.get(3).tMs() - syn.get(0).tMs();
    }

    private static Ladder uploadLadder(String set) throws IOException {
        return ladder(set, Map.of());
    }

    private static Ladder ladder(String set, Map<String, Double> offsets) throws IOException {
        PacketEvent upload = largestUploadFirstPacket(set);
        String cid =
                CommunityId.v1(
                        upload.srcIp, upload.srcPort, upload.dstIp, upload.dstPort, upload.proto);
        LadderBuilder b =
                new LadderBuilder(cid, HOPS, offsets, Long.MIN_VALUE, Long.MAX_VALUE)
                        .originator(IpAddresses.format(upload.srcIp), upload.srcPort);
        for (String hop : HOPS) {
            forEach(set, hop, p -> b.accept(hop, p));
        }
        return b.build();
    }

    /** The first packet of the client's connection to port 5201 that carries the most packets. */
    private static PacketEvent largestUploadFirstPacket(String set) throws IOException {
        Map<Integer, Integer> perPort = new HashMap<>();
        Map<Integer, PacketEvent> first = new HashMap<>();
        forEach(
                set,
                "hop1",
                p -> {
                    if (p.proto == PacketEvent.PROTO_TCP && p.dstPort == 5201) {
                        perPort.merge(p.srcPort, 1, Integer::sum);
                        first.putIfAbsent(p.srcPort, p.copy());
                    }
                });
        int port =
                perPort.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
        return first.get(port);
    }

    private static void forEach(String set, String hop, java.util.function.Consumer<PacketEvent> f)
            throws IOException {
        Path file = SETS.resolve(set).resolve(hop + ".pcap");
        InputStream in = Files.newInputStream(file);
        try (CaptureFileReader r = CaptureFileReader.open(in, file.toString(), hop, dl -> {})) {
            PacketEvent p = new PacketEvent();
            while (r.next(p)) {
                f.accept(p);
            }
        }
    }
}
