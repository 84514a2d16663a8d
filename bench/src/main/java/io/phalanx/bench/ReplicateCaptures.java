package io.phalanx.bench;

import io.phalanx.core.capture.CaptureFormatException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Makes a large, reproducible benchmark input out of one multi-hop sample set: every capture file
 * of the set is replicated {@code K} times, copy after copy, with {@code K} the smallest count that
 * gives every output file at least the target number of packets.
 *
 * <p>Copy {@code k} (0 is the original) is the set replayed {@code k * (duration + 1 s)} later,
 * with every TCP/UDP client port moved to {@code 1024 + ((p - 1024 + k * 7919) mod 64512)}, so each
 * copy is a new set of conversations rather than a duplicate of the first. Ports below 1024 and the
 * samples' server ports ({@value #SERVER_PORT_HTTP}, {@value #SERVER_PORT_IPERF}) stay, so servers
 * and their port-based roles are unchanged. The same packet gets the same new ports at every
 * capture point, so copies stitch across hops exactly as the original does. ICMP and other
 * protocols are copied unchanged apart from the timestamp.
 *
 * <p>Assumes what the samples are: classic little-endian pcap (micro- or nanosecond magic),
 * Ethernet (optionally one or more 802.1Q tags), IPv4 or IPv6 without extension headers. Records
 * are written in timestamp order per file (input records are stably sorted first, and copies never
 * overlap in time). The output is a pure function of the input files and the target, so two runs
 * give byte-identical files.
 *
 * <p>Usage: {@code ReplicateCaptures <input dir> <output dir> <target packets per capture point>};
 * every {@code *.pcap} of the input directory is replicated to a file of the same name.
 */
public final class ReplicateCaptures {
    static final int SERVER_PORT_HTTP = 8080;
    static final int SERVER_PORT_IPERF = 5201;
    static final int PORT_STRIDE = 7919; // prime, coprime to 64512: k -> shift is injective
    static final int FIRST_CLIENT_PORT = 1024;
    static final int CLIENT_PORT_RANGE = 65536 - FIRST_CLIENT_PORT;

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int LINKTYPE_ETHERNET = 1;

    private ReplicateCaptures() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println(
                    "usage: ReplicateCaptures <input dir> <output dir> <target packets per capture"
                            + " point>");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long target = Long.parseLong(args[2].replace("_", "").replace(",", ""));
        if (target < 1) {
            throw new IllegalArgumentException("target packets must be positive: " + args[2]);
        }
        replicate(in, out, target);
    }

    /** Replicates every pcap of {@code inputDir}; returns the output packet count per file. */
    static List<Result> replicate(Path inputDir, Path outputDir, long target) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(inputDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".pcap")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no *.pcap files in " + inputDir);
        }
        List<Capture> captures = new ArrayList<>();
        for (Path f : files) {
            captures.add(Capture.parse(f.getFileName().toString(), Files.readAllBytes(f)));
        }

        // One time base for all files: the set's span across every capture point, in nanoseconds.
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
        long fewest = Long.MAX_VALUE;
        for (Capture c : captures) {
            if (c.count() > 0) {
                firstNs = Math.min(firstNs, c.nanos(0));
                lastNs = Math.max(lastNs, c.nanos(c.count() - 1));
            }
            fewest = Math.min(fewest, c.count());
        }
        if (fewest == 0) {
            throw new IOException("a capture file of " + inputDir + " has no packets");
        }
        long copies = (target + fewest - 1) / fewest;
        if (copies > CLIENT_PORT_RANGE) {
            throw new IllegalArgumentException(
                    "target needs " + copies + " copies; ports only allow " + CLIENT_PORT_RANGE);
        }
        long shiftNs = (lastNs - firstNs) + 1_000_000_000L;
        System.out.printf(
                Locale.ROOT,
                "%s: %d files, set duration %.3f s, %d copies, copy k shifted by k * %.3f s%n",
                inputDir,
                captures.size(),
                (lastNs - firstNs) / 1e9,
                copies,
                shiftNs / 1e9);

        reportPortReuse(captures, (int) copies);

        Files.createDirectories(outputDir);
        List<Result> results = new ArrayList<>();
        for (Capture c : captures) {
            long written = c.writeReplicated(outputDir.resolve(c.name), (int) copies, shiftNs);
            results.add(new Result(c.name, c.count(), written));
        }
        long total = 0;
        System.out.println();
        System.out.printf(
                Locale.ROOT, "%-12s %10s %8s %12s%n", "file", "input", "copies", "output");
        for (Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %10d %8d %12d%n",
                    r.file(),
                    r.inputPackets(),
                    copies,
                    r.outputPackets());
            total += r.outputPackets();
        }
        System.out.printf(Locale.ROOT, "%-12s %10s %8s %12d%n", "total", "", "", total);
        return results;
    }

    record Result(String file, long inputPackets, long outputPackets) {}

    /**
     * Says how many (copy, client port) pairs land on a port another copy also uses. Such reuse is
     * harmless for stitching (copies are at least a second apart, like a real ephemeral-port reuse)
     * but makes a "conversations" count differ from copies x original conversations, so it is
     * printed rather than hidden.
     */
    static int reportPortReuse(List<Capture> captures, int copies) {
        Set<Integer> clientPorts = new TreeSet<>();
        for (Capture c : captures) {
            for (int offset : c.records) {
                int caplen = le32(c.bytes, offset + 8);
                Transport t = Transport.of(c.bytes, offset + RECORD_HEADER, caplen);
                if (t != null) {
                    for (int port :
                            new int[] {u16(c.bytes, t.offset()), u16(c.bytes, t.offset() + 2)}) {
                        if (shiftPort(port, 1) != port) {
                            clientPorts.add(port);
                        }
                    }
                }
            }
        }
        Map<Integer, Integer> users = new HashMap<>();
        for (int k = 0; k < copies; k++) {
            for (int port : clientPorts) {
                users.merge(shiftPort(port, k), 1, Integer::sum);
            }
        }
        int reused = users.values().stream().filter(n -> n > 1).mapToInt(n -> n).sum();
        System.out.printf(
                Locale.ROOT,
                "%d distinct client ports; over %d copies %d (copy, port) pairs share a port with"
                        + " another copy%n",
                clientPorts.size(),
                copies,
                reused);
        return reused;
    }

    /**
     * Client port {@code port} in copy {@code k}: unchanged for copy 0, ports below 1024 and server
     * ports; otherwise rotated within 1024..65535 by {@code k * 7919}. A result that would land on
     * a server port moves one further, so a client never impersonates a server.
     */
    static int shiftPort(int port, int k) {
        if (k == 0
                || port < FIRST_CLIENT_PORT
                || port == SERVER_PORT_HTTP
                || port == SERVER_PORT_IPERF) {
            return port;
        }
        int p =
                FIRST_CLIENT_PORT
                        + (int)
                                ((port - FIRST_CLIENT_PORT + (long) k * PORT_STRIDE)
                                        % CLIENT_PORT_RANGE);
        while (p == SERVER_PORT_HTTP || p == SERVER_PORT_IPERF) {
            p = p == 65535 ? FIRST_CLIENT_PORT : p + 1;
        }
        return p;
    }

    /**
     * Rewrites the TCP/UDP ports of the Ethernet frame in {@code b[offset, offset + length)} for
     * copy {@code k}. Frames too short to hold the ports, non-first IPv4 fragments (no L4 header)
     * and other protocols are left alone.
     *
     * <p>The IPv4 header checksum stays valid untouched: addresses and every other IP header field
     * are unchanged. The TCP/UDP checksum covers the ports, so it is patched incrementally (RFC
     * 1624) when the captured bytes include it; nothing in Phalanx or tshark's defaults validates
     * it, but it keeps the copies indistinguishable from real captures for tools that do.
     */
    static void rewritePorts(byte[] b, int offset, int length, int k) {
        Transport t = Transport.of(b, offset, length);
        if (t == null) {
            return;
        }
        int l4 = t.offset();
        int end = offset + length;
        int checksumAt = t.protocol() == Transport.TCP ? l4 + 16 : l4 + 6;
        int oldSrc = u16(b, l4);
        int oldDst = u16(b, l4 + 2);
        int newSrc = shiftPort(oldSrc, k);
        int newDst = shiftPort(oldDst, k);
        if (newSrc == oldSrc && newDst == oldDst) {
            return;
        }
        put16(b, l4, newSrc);
        put16(b, l4 + 2, newDst);
        if (checksumAt + 2 > end) {
            return;
        }
        int checksum = u16(b, checksumAt);
        if (t.protocol() == Transport.UDP && checksum == 0) {
            return; // UDP over IPv4 without a checksum: keep it that way
        }
        // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in one's complement arithmetic.
        int sum = (~checksum & 0xffff) + (~oldSrc & 0xffff) + newSrc + (~oldDst & 0xffff) + newDst;
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int updated = ~sum & 0xffff;
        if (t.protocol() == Transport.UDP && updated == 0) {
            updated = 0xffff; // zero means "no checksum" for UDP
        }
        put16(b, checksumAt, updated);
    }

    /**
     * Where the TCP or UDP header of an Ethernet frame starts, when the captured bytes hold at
     * least its two ports; {@code null} for other protocols, non-first IPv4 fragments (no L4
     * header) and frames cut too short.
     */
    record Transport(int protocol, int offset) {
        static final int TCP = 6;
        static final int UDP = 17;

        static Transport of(byte[] b, int offset, int length) {
            int end = offset + length;
            int p = offset + 12;
            if (p + 2 > end) {
                return null;
            }
            int etherType = u16(b, p);
            p += 2;
            while ((etherType == 0x8100 || etherType == 0x88a8) && p + 4 <= end) {
                etherType = u16(b, p + 2);
                p += 4;
            }
            int proto;
            int l4;
            if (etherType == 0x0800) {
                if (p + 20 > end || (b[p] & 0xf0) != 0x40) {
                    return null;
                }
                if ((u16(b, p + 6) & 0x1fff) != 0) {
                    return null;
                }
                proto = b[p + 9] & 0xff;
                l4 = p + (b[p] & 0x0f) * 4;
            } else if (etherType == 0x86dd) {
                if (p + 40 > end) {
                    return null;
                }
                proto = b[p + 6] & 0xff;
                l4 = p + 40;
            } else {
                return null;
            }
            if ((proto != TCP && proto != UDP) || l4 + 4 > end) {
                return null;
            }
            return new Transport(proto, l4);
        }
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xff)
                | (b[p + 1] & 0xff) << 8
                | (b[p + 2] & 0xff) << 16
                | (b[p + 3] & 0xff) << 24;
    }

    private static void putLe32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    /** One capture file held in memory: its bytes and, per record, where it starts, by time. */
    static final class Capture {
        final String name;
        final byte[] bytes;
        final long fractionsPerSecond;

        /** Record offsets, stably sorted by timestamp. */
        final int[] records;

        private Capture(String name, byte[] bytes, long fractionsPerSecond, int[] records) {
            this.name = name;
            this.bytes = bytes;
            this.fractionsPerSecond = fractionsPerSecond;
            this.records = records;
        }

        /**
         * Parses the global header and frames every record of a classic little-endian pcap. A
         * record running past the end of the file is an error, not a silent truncation: a benchmark
         * input must be exactly what it claims to be.
         */
        static Capture parse(String name, byte[] b) throws CaptureFormatException {
            if (b.length < GLOBAL_HEADER) {
                throw new CaptureFormatException(name, 0, "shorter than a pcap global header");
            }
            int magic = le32(b, 0);
            long fps;
            if (magic == MAGIC_NANOS) {
                fps = 1_000_000_000L;
            } else if (magic == MAGIC_MICROS) {
                fps = 1_000_000L;
            } else {
                throw new CaptureFormatException(
                        name,
                        0,
                        "not a little-endian classic pcap: magic 0x" + Integer.toHexString(magic));
            }
            int linkType = le32(b, 20) & 0x03ff_ffff;
            if (linkType != LINKTYPE_ETHERNET) {
                throw new CaptureFormatException(
                        name, 20, "link type " + linkType + ", only Ethernet (1) is supported");
            }
            List<Integer> offsets = new ArrayList<>();
            int p = GLOBAL_HEADER;
            while (p < b.length) {
                if (p + RECORD_HEADER > b.length) {
                    throw new CaptureFormatException(name, p, "truncated record header");
                }
                int caplen = le32(b, p + 8);
                if (caplen < 0 || p + RECORD_HEADER + (long) caplen > b.length) {
                    throw new CaptureFormatException(
                            name, p, "record of " + caplen + " bytes runs past the end of file");
                }
                offsets.add(p);
                p += RECORD_HEADER + caplen;
            }
            Capture unsorted =
                    new Capture(
                            name, b, fps, offsets.stream().mapToInt(Integer::intValue).toArray());
            Integer[] order = offsets.toArray(new Integer[0]);
            Arrays.sort(order, Comparator.comparingLong(unsorted::fractionsAt));
            return new Capture(name, b, fps, Arrays.stream(order).mapToInt(i -> i).toArray());
        }

        int count() {
            return records.length;
        }

        /** Timestamp of record {@code offset} in the file's own unit (micro- or nanoseconds). */
        long fractionsAt(int offset) {
            long sec = le32(bytes, offset) & 0xffff_ffffL;
            long frac = le32(bytes, offset + 4) & 0xffff_ffffL;
            return sec * fractionsPerSecond + frac;
        }

        long nanos(int index) {
            return fractionsAt(records[index]) * (1_000_000_000L / fractionsPerSecond);
        }

        long writeReplicated(Path file, int copies, long shiftNs) throws IOException {
            long shift = shiftNs / (1_000_000_000L / fractionsPerSecond);
            byte[] scratch = new byte[RECORD_HEADER + 65_536];
            long written = 0;
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                out.write(bytes, 0, GLOBAL_HEADER);
                for (int k = 0; k < copies; k++) {
                    for (int offset : records) {
                        int caplen = le32(bytes, offset + 8);
                        int size = RECORD_HEADER + caplen;
                        if (scratch.length < size) {
                            scratch = new byte[size];
                        }
                        System.arraycopy(bytes, offset, scratch, 0, size);
                        long t = fractionsAt(offset) + k * shift;
                        long sec = t / fractionsPerSecond;
                        if (sec > 0xffff_ffffL) {
                            throw new IOException(
                                    file + ": timestamp beyond 2106, too many copies");
                        }
                        putLe32(scratch, 0, (int) sec);
                        putLe32(scratch, 4, (int) (t % fractionsPerSecond));
                        rewritePorts(scratch, RECORD_HEADER, caplen, k);
                        out.write(scratch, 0, size);
                        written++;
                    }
                    if ((k + 1) % 8 == 0 || k + 1 == copies) {
                        System.out.printf(
                                Locale.ROOT,
                                "  %s: %d/%d copies, %d packets%n",
                                name,
                                k + 1,
                                copies,
                                written);
                    }
                }
            }
            return written;
        }
    }
}
