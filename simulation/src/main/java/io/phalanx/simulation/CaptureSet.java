package io.phalanx.simulation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one simulation produced: every sighting of every packet at every capture point (true and
 * recorded time), every packet sent, the flows with their senders' retransmission counts and the
 * drops per stretch. Writes the per-capture-point pcaps and, optionally, one merged pcapng.
 */
public final class CaptureSet {
    /** Snap length of every written capture, as in samples/captures. */
    public static final int SNAPLEN = 128;

    /**
     * One packet as one capture point recorded it.
     *
     * @param recordedNanos the timestamp written: true time plus the point's clock offset
     * @param order tie-break among equal timestamps, in simulation order
     */
    record Record(
            String capturePoint,
            long recordedNanos,
            long trueNanos,
            long order,
            SimulatedPacket packet) {}

    /**
     * One conversation as its endpoints saw it.
     *
     * @param retransmissions segments its TCP senders sent again (both directions), 0 otherwise
     */
    public record FlowSummary(
            int flow,
            String workload,
            String proto,
            int clientPort,
            int serverPort,
            long clientToServerPackets,
            long serverToClientPackets,
            int retransmissions) {}

    private final long seed;
    private final ChainTopology topology;
    private final NetworkConditions conditions;
    private final long startNanos;
    private final List<Record> records;
    private final List<SimulatedPacket> sent;
    private final List<FlowSummary> flows;
    private final Map<String, Integer> drops;

    CaptureSet(
            long seed,
            ChainTopology topology,
            NetworkConditions conditions,
            long startNanos,
            List<Record> records,
            List<SimulatedPacket> sent,
            List<FlowSummary> flows,
            Map<String, Integer> drops) {
        this.seed = seed;
        this.topology = topology;
        this.conditions = conditions;
        this.startNanos = startNanos;
        this.records = records;
        this.sent = sent;
        this.flows = List.copyOf(flows);
        this.drops = Map.copyOf(drops);
    }

    public ChainTopology topology() {
        return topology;
    }

    public NetworkConditions conditions() {
        return conditions;
    }

    public long startNanos() {
        return startNanos;
    }

    public List<FlowSummary> flows() {
        return flows;
    }

    /** Packets dropped per directed stretch ({@code hop1->hop2}), by loss or tail drop. */
    public Map<String, Integer> drops() {
        return drops;
    }

    public long packetsSent() {
        return sent.size();
    }

    /** The records of one capture point in the order its file lists them (recorded time). */
    List<Record> recordsAt(String capturePoint) {
        List<Record> out = new ArrayList<>();
        for (Record r : records) {
            if (r.capturePoint().equals(capturePoint)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(Record::recordedNanos).thenComparingLong(Record::order));
        return out;
    }

    /** Frame bytes of {@code r} as its capture point recorded them, cut to {@code snaplen}. */
    byte[] frame(Record r, int snaplen) {
        byte[][] macs = topology.macsAt(r.capturePoint(), r.packet().dir);
        return FrameEncoder.frame(
                r.packet(),
                macs[0],
                macs[1],
                ChainTopology.ttlAt(r.capturePoint(), r.packet().dir),
                snaplen,
                seed);
    }

    /** Writes {@code <capture point>.pcap} for each capture point into {@code dir}. */
    public Map<String, Path> writePcaps(Path dir) throws IOException {
        return writePcaps(dir, SNAPLEN);
    }

    /**
     * As {@link #writePcaps(Path)} with another snap length; 65535 keeps whole frames, so a
     * checksum-validating reader can verify every transport checksum.
     */
    public Map<String, Path> writePcaps(Path dir, int snaplen) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            Path file = dir.resolve(cp + ".pcap");
            try (PcapWriter w = PcapWriter.create(file, snaplen)) {
                for (Record r : recordsAt(cp)) {
                    w.write(r.recordedNanos(), frame(r, snaplen), r.packet().frameLength());
                }
            }
            files.put(cp, file);
        }
        return files;
    }

    /** Writes one pcapng with an interface per capture point, named after it, packets by time. */
    public Path writeMergedPcapng(Path file) throws IOException {
        List<Record> all = new ArrayList<>(records);
        all.sort(Comparator.comparingLong(Record::recordedNanos).thenComparingLong(Record::order));
        try (PcapngWriter w = PcapngWriter.create(file, ChainTopology.CAPTURE_POINTS, SNAPLEN)) {
            for (Record r : all) {
                w.write(
                        ChainTopology.CAPTURE_POINTS.indexOf(r.capturePoint()),
                        r.recordedNanos(),
                        frame(r, SNAPLEN),
                        r.packet().frameLength());
            }
        }
        return file;
    }

    /**
     * The segment as the generator knows it: every packet on {@code dir}'s path seen at {@code
     * from}, how many never reached {@code to}, and the median true one-way time between them.
     */
    public SegmentTruth measure(Direction dir, String from, String to) {
        Map<SimulatedPacket, long[]> seen = new LinkedHashMap<>();
        for (Record r : records) {
            if (r.packet().dir != dir) {
                continue;
            }
            long[] t = seen.computeIfAbsent(r.packet(), p -> new long[] {-1, -1});
            if (r.capturePoint().equals(from)) {
                t[0] = r.trueNanos();
            } else if (r.capturePoint().equals(to)) {
                t[1] = r.trueNanos();
            }
        }
        long packets = 0;
        long lost = 0;
        List<Long> deltas = new ArrayList<>();
        for (long[] t : seen.values()) {
            if (t[0] < 0) {
                continue;
            }
            packets++;
            if (t[1] < 0) {
                lost++;
            } else {
                deltas.add(t[1] - t[0]);
            }
        }
        deltas.sort(null);
        double median = deltas.isEmpty() ? Double.NaN : deltas.get(deltas.size() / 2) / 1e6;
        return new SegmentTruth(packets, lost, median);
    }

    /**
     * Measured truth of one directed segment.
     *
     * @param medianLatencyMs median true one-way time of the packets that crossed it
     */
    public record SegmentTruth(long packets, long lost, double medianLatencyMs) {
        public double lossRatio() {
            return packets == 0 ? 0 : (double) lost / packets;
        }
    }
}
