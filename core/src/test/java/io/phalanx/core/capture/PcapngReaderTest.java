package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest extends CaptureReaderTestBase {
    private static final long T0_MICROS = T0_SECONDS * 1_000_000L;

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = {false, true})
    void enhancedPacketsWithDefaultMicrosecondResolution(boolean bigEndian) throws Exception {
        byte[] file =
                CaptureBytes.pcapng()
                        .shb(bigEndian, 1)
                        .idb(1, 262144, null, -1, null)
                        .epb(0, T0_MICROS + 250, udpFrame(1), 90)
                        .bytes();
        Result r = read(file, "a.pcapng");
        assertThat(r.deadLetters).isEmpty();
        assertThat(r.reader.format()).isEqualTo(CaptureFileReader.Format.PCAPNG);
        assertThat(r.packets)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.tsNanos).isEqualTo(T0_NANOS + 250_000);
                            assertThat(p.wireLen).isEqualTo(90);
                            assertThat(p.srcPort).isEqualTo(1);
                            assertThat(p.fileOffset).isEqualTo(28 + 20);
                        });
    }

    @Test
    void tsresolPowersOfTenAndTwoAndTsoffset() throws Exception {
        byte[] file =
                CaptureBytes.pcapng()
                        .shb(false, 1)
                        .idb(1, 0, "ns", 9, null)
                        .idb(1, 0, "binary", 0x80 | 10, null) // 1/1024 s
                        .idb(101, 0, "offset", 3, T0_SECONDS) // ms since T0
                        .idb(1, 0, "coarse", 0, null) // whole seconds
                        .epb(0, T0_NANOS + 7, udpFrame(1), 60)
                        .epb(1, T0_SECONDS * 1024 + 512 + 1, udpFrame(2), 60)
                        .epb(2, 1_500, rawUdp(3), 28)
                        .epb(3, T0_SECONDS, udpFrame(4), 60)
                        .bytes();
        Result r = read(file, "res.pcapng");
        assertThat(r.deadLetters).isEmpty();
        assertThat(r.packets)
                .extracting(p -> p.tsNanos)
                .containsExactly(
                        T0_NANOS + 7,
                        T0_NANOS + 500_976_562L, // (512 + 1) / 1024 s, truncated to ns
                        T0_NANOS + 1_500_000_000L,
                        T0_NANOS);
    }

    @Test
    void multipleSectionsOfEitherEndiannessRenumberInterfaces() throws Exception {
        byte[] file =
                CaptureBytes.pcapng()
                        .shb(true, 1)
                        .idb(1, 0, "hop1", -1, null)
                        .idb(1, 0, "hop2", -1, null)
                        .epb(1, T0_MICROS, udpFrame(1), 60)
                        .shb(false, 1)
                        .idb(101, 0, "hop3", -1, null)
                        .epb(0, T0_MICROS, rawUdp(2), 28)
                        .epb(1, T0_MICROS, rawUdp(3), 28) // hop2 belonged to section 0
                        .epb(0, T0_MICROS, rawUdp(4), 28)
                        .bytes();
        Result r = read(new ByteArrayInputStream(file), "merged.pcapng", "fallback", true);
        assertThat(r.packets)
                .extracting(p -> p.capturePoint + ":" + p.srcPort)
                .containsExactly("hop2:1", "hop3:2", "hop3:4");
        assertThat(r.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "enhanced packet block refers to interface 1 but section 1 has 1");
                            assertThat(d.capturePoint).isEqualTo("fallback");
                        });
    }

    @Test
    void interfaceNamesOnlyWhenAskedFor() throws Exception {
        byte[] file =
                CaptureBytes.pcapng()
                        .shb(false, 1)
                        .idb(1, 0, "edge-fw-in", -1, null)
                        .idb(1, 0, null, -1, null)
                        .epb(0, T0_MICROS, udpFrame(1), 60)
                        .epb(1, T0_MICROS, udpFrame(2), 60)
                        .bytes();
        assertThat(read(new ByteArrayInputStream(file), "n.pcapng", "hop9", true).packets)
                .extracting(p -> p.capturePoint)
                .containsExactly("edge-fw-in", "hop9");
        assertThat(read(new ByteArrayInputStream(file), "n.pcapng", "hop9", false).packets)
                .extracting(p -> p.capturePoint)
                .containsExactly("hop9", "hop9");
    }

    @Test
    void simpleAndObsoletePacketBlocksAndSkippedBlockTypes() throws Exception {
        byte[] big = udpFrame(5);
        byte[] file =
                CaptureBytes.pcapng()
                        .shb(true, 1)
                        .otherBlock(4, 16) // name resolution
                        .idb(1, 40, null, -1, null) // snaplen 40 applies to SPBs
                        .otherBlock(5, 20) // interface statistics
                        .spb(big, 60)
                        .otherBlock(0x0000000a, 8) // decryption secrets
                        .otherBlock(0x40000bad, 12) // custom
                        .otherBlock(0x12345678, 0) // unknown
                        .opb(0, T0_MICROS + 1, udpFrame(6))
                        .bytes();
        Result r = read(file, "blocks.pcapng");
        assertThat(r.deadLetters).isEmpty();
        assertThat(r.packets).hasSize(2);
        assertThat(r.packets.get(0))
                .satisfies(
                        p -> {
                            assertThat(p.capturedLen).isEqualTo(40);
                            assertThat(p.wireLen).isEqualTo(60);
                            assertThat(p.tsNanos).isZero(); // SPBs carry no timestamp
                            assertThat(p.srcPort).isEqualTo(5);
                            assertThat(p.payloadLen).isEqualTo(12);
                        });
        assertThat(r.packets.get(1).tsNanos).isEqualTo(T0_NANOS + 1000);
        assertThat(r.packets.get(1).srcPort).isEqualTo(6);
    }

    @Test
    void badPacketBlockIsSkippedByItsLength() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng().shb(false, 1).idb(1, 0, null, -1, null);
        int bad = c.size();
        // EPB whose captured length (200) exceeds its block.
        c.u32(6).u32(40).u32(0).u32(0).u32(0).u32(200).u32(200).u32(0).u32(0).u32(40);
        byte[] file = c.epb(0, T0_MICROS, udpFrame(8), 60).bytes();
        Result r = read(file, "bad.pcapng");
        assertThat(r.packets).extracting(p -> p.srcPort).containsExactly(8);
        assertThat(r.deadLetters)
                .containsExactly(
                        new DeadLetter(
                                "bad.pcapng",
                                "hop1",
                                bad,
                                "enhanced packet block captured length 200 exceeds its block length 40"));
    }

    @Test
    void insaneBlockLengthEndsTheFile() throws Exception {
        CaptureBytes c =
                CaptureBytes.pcapng()
                        .shb(false, 1)
                        .idb(1, 0, null, -1, null)
                        .epb(0, T0_MICROS, udpFrame(1), 60);
        int bad = c.size();
        byte[] file = c.u32(6).u32(13).u32(0).epb(0, T0_MICROS, udpFrame(2), 60).bytes();
        Result r = read(file, "len.pcapng");
        assertThat(r.packets).hasSize(1);
        assertThat(r.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.offset).isEqualTo(bad);
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "pcapng block type 0x6 has invalid block length 13: framing lost, rest of file skipped");
                        });
    }

    @Test
    void laterSectionWithUnsupportedVersionEndsTheFile() throws Exception {
        CaptureBytes c =
                CaptureBytes.pcapng()
                        .shb(false, 1)
                        .idb(1, 0, null, -1, null)
                        .epb(0, T0_MICROS, udpFrame(1), 60);
        int bad = c.size();
        byte[] file =
                c.shb(false, 2)
                        .idb(1, 0, null, -1, null)
                        .epb(0, T0_MICROS, udpFrame(2), 60)
                        .bytes();
        Result r = read(file, "v2.pcapng");
        assertThat(r.packets).hasSize(1);
        assertThat(r.deadLetters)
                .containsExactly(
                        new DeadLetter(
                                "v2.pcapng",
                                "hop1",
                                bad,
                                "unsupported pcapng version 2.0; rest of file skipped"));
    }

    @Test
    void firstSectionProblemsFailTheFile() {
        byte[] v2 = CaptureBytes.pcapng().shb(true, 2).bytes();
        assertThatThrownBy(() -> read(v2, "v2.pcapng"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("v2.pcapng @0: unsupported pcapng version 2.0");
        byte[] badBom = CaptureBytes.pcapng().shb(true, 1).bytes();
        badBom[8] = 0;
        assertThatThrownBy(() -> read(badBom, "bom.pcapng"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage(
                        "bom.pcapng @0: pcapng section header with bad byte-order magic 0x2b3c4d");
        byte[] cut = java.util.Arrays.copyOf(CaptureBytes.pcapng().shb(false, 1).bytes(), 20);
        assertThatThrownBy(() -> read(cut, "cut.pcapng"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("cut.pcapng @0: truncated pcapng section header: 20 of 28 bytes");
    }

    @Test
    void fileCutInsideABlock() throws Exception {
        byte[] whole =
                CaptureBytes.pcapng()
                        .shb(false, 1)
                        .idb(1, 0, null, -1, null)
                        .epb(0, T0_MICROS, udpFrame(1), 60)
                        .epb(0, T0_MICROS, udpFrame(2), 60)
                        .bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6);
        Result r = read(cut, "cut.pcapng");
        assertThat(r.packets).hasSize(1);
        assertThat(r.deadLetters)
                .singleElement()
                .extracting(d -> d.reason)
                .asString()
                .startsWith("pcapng block type 0x6 cut off at end of file");
    }
}
