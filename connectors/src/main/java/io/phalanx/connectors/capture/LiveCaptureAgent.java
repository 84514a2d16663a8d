package io.phalanx.connectors.capture;

import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.core.capture.CaptureFrame;
import java.io.EOFException;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;

/**
 * Captures live traffic on one interface through libpcap (pcap4j) and hands every frame, raw and
 * cut to the snap length, to a {@link PacketPublisher} under one capture point: the agent behind
 * {@code phalanx capture}. No decoding happens here; the job decodes frames exactly as it decodes
 * capture files.
 *
 * <p>Lifecycle: {@link #open()} opens the interface and installs the BPF filter (from then on the
 * kernel buffers matching frames), {@link #run} reads them on the calling thread until {@link
 * #stop()} is called from any thread (or the interface fails), then flushes the publisher and
 * returns the totals; {@link #close()} releases the handle. The publisher is not thread-safe and is
 * only touched by the thread in {@link #run}.
 *
 * <p>Timestamps are nanoseconds since the epoch when libpcap can deliver them (Linux can), else
 * microseconds scaled up; they are the kernel's receive times, not the publisher's. Frames the
 * kernel drops because the agent falls behind are not seen at all: they show up in the pcap drop
 * counters of the progress reports and the totals, never silently.
 */
public final class LiveCaptureAgent implements AutoCloseable {
    /** What to capture. */
    public record Options(
            String iface,
            String capturePoint,
            String bpfFilter,
            int snaplen,
            boolean promiscuous,
            int bufferBytes,
            Duration readTimeout) {
        public Options {
            if (iface == null || iface.isBlank()) {
                throw new IllegalArgumentException("an interface is required");
            }
            if (capturePoint == null || capturePoint.isBlank()) {
                throw new IllegalArgumentException("a capture point id is required");
            }
            if (snaplen < 64 || snaplen > 262144) {
                throw new IllegalArgumentException(
                        "snaplen must be 64..262144 bytes (headers need at least 64), got "
                                + snaplen);
            }
        }

        /**
         * Defaults: no filter, non-promiscuous, 16 MiB kernel buffer, 100 ms read timeout (the
         * longest a frame waits in a kernel block).
         */
        public static Options of(String iface, String capturePoint, int snaplen) {
            return new Options(
                    iface, capturePoint, null, snaplen, false, 16 << 20, Duration.ofMillis(100));
        }

        public Options withFilter(String bpf) {
            return new Options(
                    iface, capturePoint, bpf, snaplen, promiscuous, bufferBytes, readTimeout);
        }

        public Options withPromiscuous(boolean on) {
            return new Options(
                    iface, capturePoint, bpfFilter, snaplen, on, bufferBytes, readTimeout);
        }
    }

    /**
     * Counts so far: frames captured and handed to the publisher, batches and bytes it sent, and
     * libpcap's own counters (received by the filter, dropped for lack of buffer, dropped by the
     * interface or driver).
     */
    public record Totals(
            long packets,
            long batches,
            long bytes,
            long pcapReceived,
            long pcapDropped,
            long pcapIfDropped,
            double seconds) {
        @Override
        public String toString() {
            return String.format(
                    "%d packets, %d batches (%.1f MB) sent; pcap: %d received, %d dropped, %d"
                            + " dropped by the interface; %.1f s",
                    packets,
                    batches,
                    bytes / 1e6,
                    pcapReceived,
                    pcapDropped,
                    pcapIfDropped,
                    seconds);
        }
    }

    /** Called from the capture thread every progress interval. */
    @FunctionalInterface
    public interface Progress {
        void update(Totals soFar);
    }

    /** How long the loop naps when no frame is waiting: the latency it adds at most. */
    private static final long IDLE_NAP_NANOS = 2_000_000L;

    private final Options options;
    private final PacketPublisher publisher;
    private volatile boolean stopped;
    private volatile PcapHandle handle;
    private boolean nanoPrecision;
    private int linkType;
    // written by the capture thread only; read by progress reporters and tests
    private volatile long packets;

    public LiveCaptureAgent(Options options, PacketPublisher publisher) {
        this.options = options;
        this.publisher = publisher;
    }

    /**
     * Opens the interface and applies the filter. Frames that match are buffered by the kernel from
     * now on, before {@link #run} starts reading them.
     *
     * @throws IOException naming the interface and libpcap's reason (no such device, no permission:
     *     capturing needs root or CAP_NET_RAW, a filter that does not compile)
     */
    public void open() throws IOException {
        PcapHandle h;
        try {
            h = build(PcapHandle.TimestampPrecision.NANO);
            nanoPrecision = true;
        } catch (PcapNativeException e) {
            try {
                h = build(PcapHandle.TimestampPrecision.MICRO);
                nanoPrecision = false;
            } catch (PcapNativeException e2) {
                throw new IOException(
                        "cannot capture on " + options.iface() + ": " + e2.getMessage(), e2);
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException(
                    "libpcap could not be loaded (install libpcap, e.g. apt-get install"
                            + " libpcap0.8): "
                            + e.getMessage(),
                    e);
        }
        try {
            if (options.bpfFilter() != null && !options.bpfFilter().isBlank()) {
                h.setFilter(options.bpfFilter(), BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            linkType = h.getDlt().value();
            // libpcap's read timeout does not fire on Linux while no frame arrives (TPACKET_V3), so
            // the loop polls without blocking and naps when idle: lingering batches still go out.
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException | NotOpenException e) {
            h.close();
            throw new IOException(
                    "BPF filter '"
                            + options.bpfFilter()
                            + "' on "
                            + options.iface()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        handle = h;
    }

    private PcapHandle build(PcapHandle.TimestampPrecision precision) throws PcapNativeException {
        return new PcapHandle.Builder(options.iface())
                .snaplen(options.snaplen())
                .promiscuousMode(
                        options.promiscuous()
                                ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                                : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis((int) options.readTimeout().toMillis())
                .bufferSize(options.bufferBytes())
                // deliver frames as they arrive rather than when a kernel block fills
                .immediateMode(true)
                .timestampPrecision(precision)
                .build();
    }

    /** Whether timestamps carry nanoseconds (else microseconds); valid after {@link #open()}. */
    public boolean nanosecondTimestamps() {
        return nanoPrecision;
    }

    /** Frames handed to the publisher so far (readable from any thread). */
    public long packets() {
        return packets;
    }

    /** The LINKTYPE of the frames (1 for Ethernet); valid after {@link #open()}. */
    public int linkType() {
        return linkType;
    }

    /**
     * Captures until {@link #stop()}, then flushes the publisher (waiting for the broker to
     * acknowledge every batch) and returns the totals. Reports to {@code progress} (may be null)
     * every {@code progressEvery}.
     *
     * @throws IOException when libpcap reports an error on the interface (it went away); what was
     *     captured until then has been flushed
     */
    public Totals run(Progress progress, Duration progressEvery) throws IOException {
        PcapHandle h = handle;
        if (h == null) {
            throw new IllegalStateException("open() the agent first");
        }
        long started = System.nanoTime();
        long nextProgress = started + progressEvery.toNanos();
        CaptureFrame frame = new CaptureFrame();
        frame.linkType = linkType;
        IOException failure = null;
        try {
            while (!stopped) {
                byte[] raw = null;
                try {
                    raw = h.getNextRawPacketEx();
                } catch (TimeoutException idle) {
                    publisher.flushDue();
                    LockSupport.parkNanos(IDLE_NAP_NANOS);
                } catch (EOFException brokenLoop) {
                    break; // stop() broke the read
                } catch (PcapNativeException | NotOpenException e) {
                    if (!stopped) {
                        failure =
                                new IOException(
                                        "capture on "
                                                + options.iface()
                                                + " failed: "
                                                + e.getMessage(),
                                        e);
                    }
                    break;
                }
                if (raw != null) {
                    frame.buf = raw;
                    frame.offset = 0;
                    frame.capturedLen = raw.length;
                    Integer orig = h.getOriginalLength();
                    frame.wireLen = orig == null ? raw.length : orig;
                    frame.tsNanos = nanos(h.getTimestamp());
                    publisher.add(options.capturePoint(), frame);
                    packets++;
                }
                long now = System.nanoTime();
                if (progress != null && now >= nextProgress) {
                    progress.update(totals(started));
                    nextProgress = now + progressEvery.toNanos();
                }
            }
        } finally {
            publisher.flush();
        }
        if (failure != null) {
            throw failure;
        }
        return totals(started);
    }

    /**
     * Ends {@link #run} soon (within the read timeout); safe from any thread, e.g. a Ctrl-C hook.
     */
    public void stop() {
        stopped = true;
        PcapHandle h = handle;
        if (h != null) {
            try {
                h.breakLoop();
            } catch (NotOpenException ignored) {
                // already closed: run has ended or will at its next read
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        PcapHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }

    private Totals totals(long started) {
        long received = -1;
        long dropped = -1;
        long ifDropped = -1;
        PcapHandle h = handle;
        if (h != null) {
            try {
                PcapStat s = h.getStats();
                received = s.getNumPacketsReceived();
                dropped = s.getNumPacketsDropped();
                ifDropped = s.getNumPacketsDroppedByIf();
            } catch (PcapNativeException | NotOpenException e) {
                // counters unavailable on this platform: reported as -1
            }
        }
        return new Totals(
                packets,
                publisher.batches(),
                publisher.bytes(),
                received,
                dropped,
                ifDropped,
                (System.nanoTime() - started) / 1e9);
    }

    /** pcap4j hands the header time as a Timestamp; with NANO precision its nanos are exact. */
    private static long nanos(Timestamp ts) {
        long seconds = Math.floorDiv(ts.getTime(), 1000L);
        return seconds * 1_000_000_000L + ts.getNanos();
    }
}
