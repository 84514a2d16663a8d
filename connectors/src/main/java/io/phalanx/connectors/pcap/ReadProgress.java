package io.phalanx.connectors.pcap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How far the capture readers of this JVM have got: per file the byte offset reached, and the
 * packets read in all. Only meaningful when the job runs embedded (the CLI's MiniCluster shares the
 * JVM); on a cluster the same numbers are in Flink's source metrics.
 */
public final class ReadProgress {
    private static final ConcurrentHashMap<String, Long> OFFSETS = new ConcurrentHashMap<>();
    private static final LongAdder PACKETS = new LongAdder();

    private ReadProgress() {}

    static void advance(String file, long offset, long packets) {
        OFFSETS.merge(file, offset, Math::max);
        PACKETS.add(packets);
    }

    /** Sum over files of the furthest byte offset read. */
    public static long bytesRead() {
        long sum = 0;
        for (long v : OFFSETS.values()) {
            sum += v;
        }
        return sum;
    }

    public static long packetsRead() {
        return PACKETS.sum();
    }

    /** Forgets earlier runs in this JVM. */
    public static void reset() {
        OFFSETS.clear();
        PACKETS.reset();
    }
}
