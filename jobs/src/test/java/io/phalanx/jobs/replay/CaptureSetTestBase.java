package io.phalanx.jobs.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled multi-hop capture sets (samples/captures) and their measured ground truth. */
public abstract class CaptureSetTestBase {
    public static final String[] HOPS = {"hop1", "hop2", "hop3", "hop4"};

    public static Path repoRoot() {
        String root = System.getProperty("phalanx.repo.root");
        Path p = root != null ? Path.of(root) : Path.of("..");
        return p.toAbsolutePath().normalize();
    }

    public static Path set(String name) {
        return repoRoot().resolve("samples/captures").resolve(name);
    }

    public static JsonNode analysis(String name) throws IOException {
        return new ObjectMapper().readTree(set(name).resolve("analysis.json").toFile());
    }

    /** Copies a classic pcap (Ethernet, IPv4) without the packets sent from {@code srcIp}. */
    public static Path withoutSource(Path pcap, byte[] srcIp, Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(pcap);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(bytes, 0, 24);
        int pos = 24;
        while (pos + 16 <= bytes.length) {
            int cap = b.getInt(pos + 8);
            int ip = pos + 16 + 14; // Ethernet header, no VLAN in the sample sets
            boolean fromSrc =
                    cap >= 34 && java.util.Arrays.equals(bytes, ip + 12, ip + 16, srcIp, 0, 4);
            if (!fromSrc) {
                out.write(bytes, pos, 16 + cap);
            }
            pos += 16 + cap;
        }
        Path target = dir.resolve(pcap.getFileName().toString().replace(".pcap", "-filtered.pcap"));
        Files.write(target, out.toByteArray());
        return target;
    }

    /**
     * Copies a classic nanosecond pcap with every timestamp moved by {@code shiftMs}, as {@code
     * editcap -F nsecpcap -t} does (checked against editcap 4.0.17: byte-identical output for +7 ms
     * on hop3 and -5 ms on hop2 of the delay set).
     */
    public static Path shifted(Path pcap, double shiftMs, Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(pcap);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b23c4d) {
            throw new IllegalArgumentException(pcap + " is not a little-endian nanosecond pcap");
        }
        long shiftNs = Math.round(shiftMs * 1e6);
        int pos = 24;
        while (pos + 16 <= bytes.length) {
            long ts =
                    (b.getInt(pos) & 0xffffffffL) * 1_000_000_000L
                            + (b.getInt(pos + 4) & 0xffffffffL);
            ts += shiftNs;
            b.putInt(pos, (int) (ts / 1_000_000_000L));
            b.putInt(pos + 4, (int) (ts % 1_000_000_000L));
            pos += 16 + b.getInt(pos + 8);
        }
        Path out = dir.resolve(pcap.getFileName().toString().replace(".pcap", "-shifted.pcap"));
        Files.write(out, bytes);
        return out;
    }
}
