package io.phalanx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.capture.CaptureFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicateCapturesTest {
    private static final long T0 =
            1_795_705_124_000_000_000L; // a second boundary in the samples' run
    private static final int CLIENT_PORT = 40312;

    @TempDir Path tmp;

    @Test
    void copyZeroServerPortsAndWellKnownPortsKeepTheirPort() {
        assertThat(ReplicateCaptures.shiftPort(CLIENT_PORT, 0)).isEqualTo(CLIENT_PORT);
        assertThat(ReplicateCaptures.shiftPort(8080, 5)).isEqualTo(8080);
        assertThat(ReplicateCaptures.shiftPort(5201, 5)).isEqualTo(5201);
        assertThat(ReplicateCaptures.shiftPort(443, 5)).isEqualTo(443);
        // The documented scheme: 1024 + ((40312 - 1024 + 1 * 7919) mod 64512).
        assertThat(ReplicateCaptures.shiftPort(CLIENT_PORT, 1)).isEqualTo(48231);
    }

    @Test
    void everyCopyGetsItsOwnValidClientPortThatIsNeverAServerPort() {
        for (int port : new int[] {1024, 8079, 40312, 65535}) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < 64; k++) {
                int p = ReplicateCaptures.shiftPort(port, k);
                assertThat(p).isBetween(1024, 65535).isNotIn(8080, 5201);
                assertThat(seen.add(p)).as("port %d, copy %d reuses %d", port, k, p).isTrue();
            }
        }
    }

    @Test
    void rewrittenTcpAndUdpFramesKeepAValidChecksum() {
        for (int proto : new int[] {6, 17}) {
            byte[] frame = frame(proto, CLIENT_PORT, 8080);
            ReplicateCaptures.rewritePorts(frame, 0, frame.length, 3);

            int l4 = 14 + 20;
            assertThat(u16(frame, l4)).isEqualTo(ReplicateCaptures.shiftPort(CLIENT_PORT, 3));
            assertThat(u16(frame, l4 + 2)).isEqualTo(8080);
            // A checksum over the pseudo-header and segment including its checksum sums to 0xffff.
            assertThat(onesComplementSum(frame, proto)).as("protocol %d", proto).isEqualTo(0xffff);
        }
    }

    @Test
    void replicatesToTheTargetInTimeOrderWithShiftedPortsPerCopy() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        // hop1 has 3 packets, one of them out of order in the file; hop2 lost one of them.
        writePcap(in.resolve("hop1.pcap"), List.of(T0, T0 + 2_000_000_000L, T0 + 1_000_000_000L));
        writePcap(in.resolve("hop2.pcap"), List.of(T0 + 50_000L, T0 + 2_000_050_000L));

        List<ReplicateCaptures.Result> results =
                ReplicateCaptures.replicate(in, tmp.resolve("out"), 5);

        // Fewest packets decide: 2 per copy at hop2 -> 3 copies for at least 5.
        assertThat(results)
                .extracting(ReplicateCaptures.Result::outputPackets)
                .containsExactly(9L, 6L);
        List<long[]> hop1 = readPcap(tmp.resolve("out/hop1.pcap"));
        long shift = 2_000_050_000L + 1_000_000_000L; // set duration + 1 s
        assertThat(hop1.stream().map(r -> r[0]))
                .containsExactly(
                        T0,
                        T0 + 1_000_000_000L,
                        T0 + 2_000_000_000L,
                        T0 + shift,
                        T0 + shift + 1_000_000_000L,
                        T0 + shift + 2_000_000_000L,
                        T0 + 2 * shift,
                        T0 + 2 * shift + 1_000_000_000L,
                        T0 + 2 * shift + 2_000_000_000L);
        assertThat(hop1.stream().map(r -> r[1]))
                .containsExactly(
                        (long) CLIENT_PORT,
                        (long) CLIENT_PORT,
                        (long) CLIENT_PORT,
                        48231L,
                        48231L,
                        48231L,
                        (long) ReplicateCaptures.shiftPort(CLIENT_PORT, 2),
                        (long) ReplicateCaptures.shiftPort(CLIENT_PORT, 2),
                        (long) ReplicateCaptures.shiftPort(CLIENT_PORT, 2));
    }

    @Test
    void refusesAFileThatIsNotALittleEndianPcap() throws Exception {
        byte[] bigEndian = new byte[24];
        ByteBuffer.wrap(bigEndian).putInt(0xa1b23c4d);

        assertThatThrownBy(() -> ReplicateCaptures.Capture.parse("be.pcap", bigEndian))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("be.pcap @0");
    }

    /** Ethernet + IPv4 + TCP (20 bytes) or UDP (8 bytes) + 4 payload bytes, valid checksum. */
    private static byte[] frame(int proto, int srcPort, int dstPort) {
        int l4Len = (proto == 6 ? 20 : 8) + 4;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4Len);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4Len)).putShort((short) 0x1234);
        b.putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0);
        b.put(new byte[] {10, 77, 1, 2}).put(new byte[] {10, 77, 3, 2});
        b.putShort((short) srcPort).putShort((short) dstPort);
        if (proto == 6) {
            b.putInt(1000).putInt(2000).put((byte) 0x50).put((byte) 0x18).putShort((short) 502);
            b.putShort((short) 0).putShort((short) 0);
        } else {
            b.putShort((short) l4Len).putShort((short) 0);
        }
        b.put(new byte[] {'G', 'E', 'T', ' '});
        byte[] frame = b.array();
        int checksumAt = 14 + 20 + (proto == 6 ? 16 : 6);
        int checksum = ~onesComplementSum(frame, proto) & 0xffff;
        frame[checksumAt] = (byte) (checksum >>> 8);
        frame[checksumAt + 1] = (byte) checksum;
        return frame;
    }

    /** One's complement sum of the IPv4 pseudo-header and the L4 segment of an untagged frame. */
    private static int onesComplementSum(byte[] f, int proto) {
        int l4 = 14 + 20;
        int l4Len = f.length - l4;
        long sum = 0;
        for (int i = 26; i < 34; i += 2) {
            sum += u16(f, i); // source and destination address
        }
        sum += proto + l4Len;
        for (int i = l4; i < f.length; i += 2) {
            sum += i + 1 < f.length ? u16(f, i) : (f[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    /** A little-endian nanosecond pcap of client -> server TCP frames at the given times. */
    private static void writePcap(Path file, List<Long> nanos) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
        header.putInt(128).putInt(1);
        out.write(header.array());
        for (long t : nanos) {
            byte[] frame = frame(6, CLIENT_PORT, 8080);
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rec.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L));
            rec.putInt(frame.length).putInt(frame.length);
            out.write(rec.array());
            out.write(frame);
        }
        Files.write(file, out.toByteArray());
    }

    /** Per record: {timestamp ns, TCP source port}. */
    private static List<long[]> readPcap(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<long[]> records = new ArrayList<>();
        b.position(24);
        while (b.hasRemaining()) {
            long sec = b.getInt() & 0xffff_ffffL;
            long nanos = b.getInt() & 0xffff_ffffL;
            int caplen = b.getInt();
            b.getInt();
            byte[] frame = new byte[caplen];
            b.get(frame);
            records.add(new long[] {sec * 1_000_000_000L + nanos, u16(frame, 14 + 20)});
        }
        return records;
    }
}
