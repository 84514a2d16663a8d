package io.phalanx.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generated capture sets for the simulation tests, and a small independent reader of what the
 * writer produced, so that tests check bytes on disk rather than the generator's own objects. Each
 * scenario is generated once per test class, with its default seed and a 1 s duration.
 */
abstract class SimulationTestBase {
    static final String CLIENT = "10.77.1.2";
    static final String SERVER = "10.77.3.2";
    static final double DURATION_S = 1.0;

    private static final Map<String, Simulate.GeneratedSet> GENERATED = new ConcurrentHashMap<>();
    private static Path root;

    /** The scenario's capture set with its default seed, generated once per JVM. */
    static Simulate.GeneratedSet generated(Scenario scenario) {
        return GENERATED.computeIfAbsent(
                scenario.id(),
                id -> {
                    try {
                        return Simulate.GeneratedSet.generate(
                                scenario,
                                scenario.defaultSeed(),
                                DURATION_S,
                                root().resolve(id),
                                true);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("phalanx-simulation-test");
            root.toFile().deleteOnExit();
        }
        return root;
    }

    /** One record of a classic nanosecond pcap. */
    record PcapRecord(long epochNanos, int originalLength, byte[] bytes) {
        static final int IP = 14;

        int u8(int off) {
            return bytes[off] & 0xff;
        }

        int u16(int off) {
            return (u8(off) << 8) | u8(off + 1);
        }

        long u32(int off) {
            return ((long) u16(off) << 16) | u16(off + 2);
        }

        String src() {
            return u8(IP + 12) + "." + u8(IP + 13) + "." + u8(IP + 14) + "." + u8(IP + 15);
        }

        String dst() {
            return u8(IP + 16) + "." + u8(IP + 17) + "." + u8(IP + 18) + "." + u8(IP + 19);
        }

        int ipTotalLength() {
            return u16(IP + 2);
        }

        int ipId() {
            return u16(IP + 4);
        }

        int ttl() {
            return u8(IP + 8);
        }

        int proto() {
            return u8(IP + 9);
        }

        int transport() {
            return IP + 20;
        }

        int srcPort() {
            return u16(transport());
        }

        int dstPort() {
            return u16(transport() + 2);
        }

        long tcpSeq() {
            return u32(transport() + 4);
        }

        int tcpFlags() {
            return u8(transport() + 13);
        }

        int tcpPayloadLength() {
            return ipTotalLength() - 20 - (u8(transport() + 12) >> 4) * 4;
        }

        String mac(int off) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                b.append(i == 0 ? "" : ":").append(String.format("%02x", u8(off + i)));
            }
            return b.toString();
        }

        /**
         * What identifies the packet at every capture point: addresses, protocol, IP ID and the
         * first transport bytes (ports, or the ICMP echo id), since each flow counts IP IDs on its
         * own.
         */
        String identity() {
            int t = transport();
            return src()
                    + ">"
                    + dst()
                    + "/"
                    + proto()
                    + "#"
                    + ipId()
                    + ":"
                    + u16(t)
                    + ":"
                    + u16(t + 2)
                    + ":"
                    + u16(t + 4);
        }

        boolean clientToServer() {
            return src().equals(CLIENT);
        }
    }

    /** Header fields of a classic pcap file. */
    record PcapHeader(int magic, int versionMajor, int versionMinor, int snaplen, int linktype) {}

    static PcapHeader header(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        return new PcapHeader(
                b.getInt(0), b.getShort(4), b.getShort(6), b.getInt(16), b.getInt(20));
    }

    static List<PcapRecord> records(Path pcap) throws IOException {
        byte[] bytes = Files.readAllBytes(pcap);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<PcapRecord> out = new ArrayList<>();
        int pos = 24;
        while (pos < bytes.length) {
            long ts =
                    (b.getInt(pos) & 0xffffffffL) * 1_000_000_000L
                            + (b.getInt(pos + 4) & 0xffffffffL);
            int caplen = b.getInt(pos + 8);
            int origlen = b.getInt(pos + 12);
            byte[] frame = new byte[caplen];
            System.arraycopy(bytes, pos + 16, frame, 0, caplen);
            out.add(new PcapRecord(ts, origlen, frame));
            pos += 16 + caplen;
        }
        return out;
    }

    static List<PcapRecord> records(Simulate.GeneratedSet set, String capturePoint)
            throws IOException {
        return records(set.pcaps().get(capturePoint));
    }

    /** RFC 1071 sum over {@code len} bytes, folded; 0xffff when a checksum inside verifies. */
    static int onesComplementSum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        for (int i = off; i < off + len; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (i + 1 < off + len ? b[i + 1] & 0xff : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
