package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.packet.PacketEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files on disk: classic nanosecond pcap structure, Ethernet/IPv4 frames with the TTL and MACs
 * of each capture point, checksums that verify when recomputed from the bytes, and a merged pcapng
 * that Phalanx's own reader splits back into the four capture points.
 */
class CaptureFileWriterTest extends SimulationTestBase {
    @TempDir Path tmp;

    @Test
    void everyPcapIsANanosecondEthernetCaptureCutAt128Bytes() throws IOException {
        Simulate.GeneratedSet set = generated(Scenario.BASELINE);
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            PcapHeader h = header(set.pcaps().get(cp));
            assertThat(h.magic()).as("magic of %s", cp).isEqualTo(0xa1b23c4d);
            assertThat(h.versionMajor()).isEqualTo(2);
            assertThat(h.versionMinor()).isEqualTo(4);
            assertThat(h.snaplen()).isEqualTo(128);
            assertThat(h.linktype()).as("Ethernet").isEqualTo(1);
            List<PcapRecord> records = records(set, cp);
            assertThat(records).hasSize(set.captureSet().recordsAt(cp).size());
            long previous = Long.MIN_VALUE;
            for (PcapRecord r : records) {
                assertThat(r.bytes().length).isEqualTo(Math.min(128, r.originalLength()));
                assertThat(r.originalLength()).isEqualTo(14 + r.ipTotalLength());
                assertThat(r.epochNanos())
                        .as("file in time order")
                        .isGreaterThanOrEqualTo(previous);
                previous = r.epochNanos();
            }
        }
    }

    @Test
    void checksumsVerifyWhenRecomputedFromWholeFrames() throws IOException {
        // Whole frames (snap length 65535), so every transport checksum can be recomputed over
        // its full payload; the 128-byte files carry the very same checksum fields.
        CaptureSet set = Scenario.LOSS_2PCT_HOP1_HOP2.simulate(7, 0.3);
        Map<String, Path> whole =
                set.writePcaps(Files.createDirectories(tmp.resolve("whole")), 65535);
        Map<String, Path> cut = set.writePcaps(Files.createDirectories(tmp.resolve("cut")));
        Map<Integer, Integer> verifiedPerProto = new TreeMap<>();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            List<PcapRecord> full = records(whole.get(cp));
            List<PcapRecord> truncated = records(cut.get(cp));
            assertThat(full).hasSameSizeAs(truncated);
            for (int i = 0; i < full.size(); i++) {
                PcapRecord r = full.get(i);
                assertThat(r.bytes()).hasSize(r.originalLength());
                assertThat(onesComplementSum(r.bytes(), 14, 20, 0))
                        .as("IPv4 header checksum of %s at %s", r.identity(), cp)
                        .isEqualTo(0xffff);
                int t = r.transport();
                int len = r.ipTotalLength() - 20;
                long pseudo =
                        r.u16(26) + r.u16(28) + r.u16(30) + r.u16(32) + r.proto() + (long) len;
                int sum = onesComplementSum(r.bytes(), t, len, r.proto() == 1 ? 0 : pseudo);
                assertThat(sum)
                        .as("transport checksum of %s at %s", r.identity(), cp)
                        .isEqualTo(0xffff);
                verifiedPerProto.merge(r.proto(), 1, Integer::sum);
                assertThat(java.util.Arrays.copyOf(r.bytes(), truncated.get(i).bytes().length))
                        .as("the cut frame is a prefix of the whole one")
                        .isEqualTo(truncated.get(i).bytes());
            }
        }
        assertThat(verifiedPerProto).containsOnlyKeys(1, 6, 17);
    }

    @Test
    void ttlDropsByOnePerRouterAndMacsAreThoseOfTheTappedLink() throws IOException {
        Simulate.GeneratedSet set = generated(Scenario.BASELINE);
        // client -> server: r1 decrements before hop2, r2 before hop3 (hop3 is r2's output).
        Map<String, int[]> ttl =
                Map.of(
                        "hop1", new int[] {64, 62},
                        "hop2", new int[] {63, 63},
                        "hop3", new int[] {62, 64},
                        "hop4", new int[] {62, 64});
        Map<String, String[]> macs =
                Map.of(
                        "hop1", new String[] {"02:77:01:00:00:02", "02:77:01:00:00:01"},
                        "hop2", new String[] {"02:77:02:00:00:01", "02:77:02:00:00:02"},
                        "hop3", new String[] {"02:77:03:00:00:01", "02:77:03:00:00:02"},
                        "hop4", new String[] {"02:77:03:00:00:01", "02:77:03:00:00:02"});
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            for (PcapRecord r : records(set, cp)) {
                boolean forward = r.clientToServer();
                assertThat(r.ttl()).as("TTL at %s", cp).isEqualTo(ttl.get(cp)[forward ? 0 : 1]);
                String[] link = macs.get(cp); // {client-side end, server-side end}
                assertThat(r.mac(6)).as("source MAC at %s", cp).isEqualTo(link[forward ? 0 : 1]);
                assertThat(r.mac(0)).as("dest MAC at %s", cp).isEqualTo(link[forward ? 1 : 0]);
            }
        }
    }

    @Test
    void phalanxsOwnReaderDecodesEveryFrameWithoutDeadLetters() throws IOException {
        Simulate.GeneratedSet set = generated(Scenario.CONGESTION_HOP2_HOP3);
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            List<DeadLetter> dead = new ArrayList<>();
            long packets = 0;
            try (CaptureFileReader reader =
                    CaptureFileReader.open(
                            Files.newInputStream(set.pcaps().get(cp)),
                            cp + ".pcap",
                            cp,
                            dead::add)) {
                PacketEvent e = new PacketEvent();
                while (reader.next(e)) {
                    packets++;
                }
            }
            assertThat(dead).as("dead letters at %s", cp).isEmpty();
            assertThat(packets).isEqualTo(set.captureSet().recordsAt(cp).size());
        }
    }

    @Test
    void mergedPcapngHasOneNanosecondInterfacePerCapturePoint() throws IOException {
        Simulate.GeneratedSet set = generated(Scenario.SKEWED_CLOCK_HOP3);
        byte[] bytes = Files.readAllBytes(set.pcapng());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).as("section header block").isEqualTo(0x0A0D0D0A);
        assertThat(b.getInt(8)).as("byte-order magic").isEqualTo(0x1A2B3C4D);
        List<String> names = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            int type = b.getInt(pos);
            int len = b.getInt(pos + 4);
            assertThat(b.getInt(pos + len - 4)).as("trailing block length").isEqualTo(len);
            if (type == 1) {
                int opt = pos + 16;
                assertThat(b.getShort(opt)).as("if_name option").isEqualTo((short) 2);
                int nameLen = b.getShort(opt + 2);
                names.add(
                        new String(
                                bytes, opt + 4, nameLen, java.nio.charset.StandardCharsets.UTF_8));
                int tsresol = opt + 4 + ((nameLen + 3) & ~3);
                assertThat(b.getShort(tsresol)).as("if_tsresol option").isEqualTo((short) 9);
                assertThat(bytes[tsresol + 4]).as("nanoseconds").isEqualTo((byte) 9);
            }
            pos += len;
        }
        assertThat(pos).isEqualTo(bytes.length);
        assertThat(names).containsExactly("hop1", "hop2", "hop3", "hop4");

        Map<String, Long> perPoint = new TreeMap<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (CaptureFileReader reader =
                CaptureFileReader.open(
                                Files.newInputStream(set.pcapng()),
                                "merged.pcapng",
                                null,
                                dead::add)
                        .useInterfaceNames(true)) {
            PacketEvent e = new PacketEvent();
            while (reader.next(e)) {
                perPoint.merge(e.capturePoint, 1L, Long::sum);
            }
        }
        assertThat(dead).isEmpty();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            assertThat(perPoint.get(cp))
                    .as("packets of %s in the merged file", cp)
                    .isEqualTo((long) set.captureSet().recordsAt(cp).size());
        }
    }
}
