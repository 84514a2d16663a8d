package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest extends CaptureReaderTestBase {

    @ParameterizedTest(name = "bigEndian={0} nanos={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void bothByteOrdersAndResolutions(boolean bigEndian, boolean nanos) throws Exception {
        long fraction = nanos ? 123_456_789L : 123_456L;
        byte[] file =
                CaptureBytes.pcap(bigEndian, nanos, 65535, 1)
                        .record(T0_SECONDS, fraction, udpFrame(1000), 60)
                        .record(T0_SECONDS + 1, 0, udpFrame(1001), 60)
                        .bytes();
        Result r = read(file, "t.pcap");
        assertThat(r.deadLetters).isEmpty();
        assertThat(r.packets).hasSize(2);
        long expectedFraction = nanos ? 123_456_789L : 123_456_000L;
        assertThat(r.packets.get(0).tsNanos).isEqualTo(T0_NANOS + expectedFraction);
        assertThat(r.packets.get(1).tsNanos).isEqualTo(T0_NANOS + 1_000_000_000L);
        assertThat(r.packets.get(0).srcPort).isEqualTo(1000);
        assertThat(r.packets.get(0).fileOffset).isEqualTo(24);
        assertThat(r.packets.get(1).fileOffset).isEqualTo(24 + 16 + udpFrame(1000).length);
        assertThat(r.packets.get(0).wireLen).isEqualTo(60);
        assertThat(r.packets.get(0).capturedLen).isEqualTo(udpFrame(1000).length);
        assertThat(r.packets.get(0).capturePoint).isEqualTo("hop1");
    }

    @Test
    void fcsBitsInTheLinkTypeFieldAreNotPartOfTheLinkType() throws Exception {
        int linkField = 1 | 0x0400_0000 | 2 << 28; // Ethernet, 4-byte FCS present
        byte[] frame = Arrays.copyOf(udpFrame(7), udpFrame(7).length + 4);
        byte[] file =
                CaptureBytes.pcap(false, false, 65535, linkField)
                        .record(T0_SECONDS, 0, frame, frame.length)
                        .bytes();
        try (CaptureFileReader reader =
                CaptureFileReader.open(
                        new ByteArrayInputStream(file), "fcs.pcap", "hop1", d -> {})) {
            CaptureFrame f = new CaptureFrame();
            assertThat(reader.nextFrame(f)).isTrue();
            assertThat(f.linkType).isEqualTo(1);
            assertThat(f.fcsLen).isEqualTo(4);
        }
        Result r = read(file, "fcs.pcap");
        assertThat(r.packets).singleElement().extracting(p -> p.payloadLen).isEqualTo(12);
    }

    @Test
    void rawIpLinkType() throws Exception {
        byte[] file =
                CaptureBytes.pcap(true, true, 65535, 101)
                        .record(T0_SECONDS, 5, rawUdp(9), 28)
                        .bytes();
        Result r = read(file, "raw.pcap");
        assertThat(r.packets)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.srcPort).isEqualTo(9);
                            assertThat(p.tsNanos).isEqualTo(T0_NANOS + 5);
                        });
    }

    @Test
    void invalidTimestampIsDeadLetteredAndReadingContinues() throws Exception {
        CaptureBytes c =
                CaptureBytes.pcap(false, false, 65535, 1).record(T0_SECONDS, 1, udpFrame(1), 60);
        int badOffset = c.size();
        byte[] file =
                c.record(T0_SECONDS, 1_000_000, udpFrame(2), 60)
                        .record(T0_SECONDS, 2, udpFrame(3), 60)
                        .bytes();
        Result r = read(file, "ts.pcap");
        assertThat(r.packets).extracting(p -> p.srcPort).containsExactly(1, 3);
        assertThat(r.deadLetters)
                .containsExactly(
                        new DeadLetter(
                                "ts.pcap",
                                "hop1",
                                badOffset,
                                "invalid timestamp: fraction 1000000 us >= 1 s"));
    }

    @Test
    void insaneCaptureLengthEndsTheFileWithOneDeadLetter() throws Exception {
        CaptureBytes c =
                CaptureBytes.pcap(false, false, 65535, 1).record(T0_SECONDS, 0, udpFrame(1), 60);
        int badOffset = c.size();
        byte[] file =
                c.u32((int) T0_SECONDS).u32(0).u32(0x7fff_0000).u32(60).raw(1, 2, 3, 4).bytes();
        Result r = read(file, "big.pcap");
        assertThat(r.packets).hasSize(1);
        assertThat(r.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.offset).isEqualTo(badOffset);
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "pcap record claims 2147418112 captured bytes (limit 262144): framing lost, rest of file skipped");
                        });
    }

    @Test
    void fileCutInsideARecord() throws Exception {
        byte[] whole =
                CaptureBytes.pcap(false, false, 65535, 1)
                        .record(T0_SECONDS, 0, udpFrame(1), 60)
                        .record(T0_SECONDS, 0, udpFrame(2), 60)
                        .bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        Result r = read(cut, "cut.pcap");
        assertThat(r.packets).hasSize(1);
        assertThat(r.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.offset).isEqualTo(24 + 16 + udpFrame(1).length);
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "truncated pcap record at end of file: "
                                                    + (udpFrame(2).length - 5)
                                                    + " of "
                                                    + udpFrame(2).length
                                                    + " captured bytes present");
                        });
        byte[] cutHeader = Arrays.copyOf(whole, 24 + 16 + udpFrame(1).length + 10);
        assertThat(read(cutHeader, "cut.pcap").deadLetters)
                .singleElement()
                .extracting(d -> d.reason)
                .isEqualTo("truncated pcap record header at end of file: 10 of 16 bytes");
    }

    @Test
    void nonIpFramesAreSkippedAndCounted() throws Exception {
        byte[] arp = io.phalanx.core.packet.FrameBuilder.ethernet(0x0806).payload(28, 0).build();
        byte[] file =
                CaptureBytes.pcap(false, false, 65535, 1)
                        .record(T0_SECONDS, 0, arp, 60)
                        .record(T0_SECONDS, 0, udpFrame(4), 60)
                        .bytes();
        Result r = read(file, "arp.pcap");
        assertThat(r.packets).hasSize(1);
        assertThat(r.deadLetters).isEmpty();
        assertThat(r.reader.nonIpFrames()).isEqualTo(1);
        assertThat(r.reader.frames()).isEqualTo(2);
    }

    @Test
    void unsupportedLinkTypeReportsOnceThenCounts() throws Exception {
        byte[] file =
                CaptureBytes.pcap(false, false, 65535, 105)
                        .record(T0_SECONDS, 0, new byte[30], 30)
                        .record(T0_SECONDS, 0, new byte[30], 30)
                        .bytes();
        Result r = read(file, "wifi.pcap");
        assertThat(r.packets).isEmpty();
        assertThat(r.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.offset).isEqualTo(24);
                            assertThat(d.reason).startsWith("unsupported link type 105;");
                        });
        assertThat(r.reader.unsupportedFrames()).isEqualTo(2);
    }

    @Test
    void unreadableFilesFailWithTheFileNameAndReason() {
        assertThatThrownBy(() -> read("hello world, not a capture".getBytes(), "notes.txt"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("notes.txt @0: not a pcap or pcapng file: magic 0x68656c6c");
        assertThatThrownBy(() -> read(new byte[0], "empty.pcap"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("empty.pcap @0: empty file, no capture header");
        byte[] header = CaptureBytes.pcap(false, false, 65535, 1).bytes();
        assertThatThrownBy(() -> read(Arrays.copyOf(header, 20), "short.pcap"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("short.pcap @0: truncated pcap global header: 20 of 24 bytes");
        header[4] = 3;
        assertThatThrownBy(() -> read(header, "v3.pcap"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("v3.pcap @4: unsupported pcap version 3.4");
    }

    @Test
    void frameViewPointsAtTheRecordBytes() throws Exception {
        byte[] frame = udpFrame(77);
        byte[] file =
                CaptureBytes.pcap(false, true, 65535, 1).record(T0_SECONDS, 9, frame, 1000).bytes();
        try (CaptureFileReader reader =
                CaptureFileReader.open(new ByteArrayInputStream(file), "f.pcap", "hop1", d -> {})) {
            CaptureFrame f = new CaptureFrame();
            assertThat(reader.nextFrame(f)).isTrue();
            assertThat(Arrays.copyOfRange(f.buf, f.offset, f.offset + f.capturedLen))
                    .isEqualTo(frame);
            assertThat(f.wireLen).isEqualTo(1000);
            assertThat(f.tsNanos).isEqualTo(T0_NANOS + 9);
            assertThat(f.fileOffset).isEqualTo(24);
            assertThat(reader.nextFrame(f)).isFalse();
            assertThat(reader.format()).isEqualTo(CaptureFileReader.Format.PCAP);
        }
    }
}
