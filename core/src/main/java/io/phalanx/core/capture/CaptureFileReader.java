package io.phalanx.core.capture;

import io.phalanx.core.packet.PacketDecoder;
import io.phalanx.core.packet.PacketEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams the records of one capture file, pcap or pcapng (detected by magic), without Flink and
 * without per-packet allocation: {@link #nextFrame} fills a reused {@link CaptureFrame} that points
 * into the reader's buffer, and {@link #next(PacketEvent)} additionally decodes the frame with a
 * {@link PacketDecoder} owned by this reader.
 *
 * <p>Failure model. A file that cannot be read at all (unknown magic, unsupported major version,
 * global header cut short) fails {@link #open} with a {@link CaptureFormatException} naming the
 * file. Anything wrong with a single record is reported once to the dead-letter consumer as a
 * {@link DeadLetter} with the record's byte offset, and reading continues with the next record
 * where the format allows it; where it does not (a pcap record length beyond any snap length, a
 * pcapng block length that cannot be right, a later pcapng section of an unsupported version, a
 * file cut mid-record), that dead letter is the last thing the reader produces and it then reports
 * the end of the file. Only I/O errors of the underlying stream propagate.
 *
 * <p>Frames that are fine but not IP (ARP, LLDP, ...) are skipped by {@link #next(PacketEvent)} and
 * counted in {@link #nonIpFrames()}. Frames of a link type the decoder does not know are skipped
 * and counted in {@link #unsupportedFrames()}; only the first one per file is dead-lettered, so
 * that a capture of, say, 802.11 produces one message rather than millions.
 *
 * <p>Not thread-safe; one reader per file. The reader does not sort: records come in file order,
 * which for a merged pcapng is not necessarily timestamp order.
 */
public final class CaptureFileReader implements AutoCloseable {

    /** The container format, from the file's magic number. */
    public enum Format {
        PCAP,
        PCAPNG
    }

    /**
     * Largest pcapng block (or pcap record, for files declaring a larger snap length) accepted;
     * anything longer is treated as corrupt framing rather than buffered.
     */
    public static final int MAX_BLOCK_BYTES = 16 * 1024 * 1024;

    private final InputStream stream;
    private final String file;
    private final String capturePoint;
    private final Consumer<DeadLetter> deadLetterSink;
    private final FrameParser parser;
    private final Format format;
    private final PacketDecoder decoder = new PacketDecoder();
    private final CaptureFrame frame = new CaptureFrame();

    private boolean useInterfaceNames;
    private long frames;
    private long packets;
    private long nonIp;
    private long unsupported;
    private long deadLetters;
    private int[] reportedLinkTypes = new int[0];

    private CaptureFileReader(
            InputStream stream,
            String file,
            String capturePoint,
            Consumer<DeadLetter> deadLetterSink)
            throws IOException {
        this.stream = stream;
        this.file = file;
        this.capturePoint = capturePoint;
        this.deadLetterSink = deadLetterSink;
        ByteSource in = new ByteSource(stream, 1 << 16);
        FrameParser.DeadLetters sink = (offset, reason) -> deadLetter(capturePoint, offset, reason);
        if (!in.ensure(4)) {
            throw new CaptureFormatException(
                    file,
                    0,
                    in.available() == 0
                            ? "empty file, no capture header"
                            : "truncated capture header: " + in.available() + " bytes");
        }
        int magic = ByteSource.i32(in.buf, in.pos, true);
        if (magic == PcapngParser.SHB) {
            parser = new PcapngParser(in, file, sink);
            format = Format.PCAPNG;
        } else if (magic == PcapParser.MAGIC_MICROS
                || magic == PcapParser.MAGIC_NANOS
                || magic == Integer.reverseBytes(PcapParser.MAGIC_MICROS)
                || magic == Integer.reverseBytes(PcapParser.MAGIC_NANOS)) {
            parser = new PcapParser(in, file, sink);
            format = Format.PCAP;
        } else {
            throw new CaptureFormatException(
                    file, 0, "not a pcap or pcapng file: magic 0x" + String.format("%08x", magic));
        }
    }

    /**
     * Opens a reader positioned before the first record. {@code file} is only used in messages and
     * dead letters; {@code capturePoint} is the id stamped on every event (and dead letter) unless
     * {@link #useInterfaceNames} says otherwise. The reader closes {@code in} when it is closed,
     * and also when opening fails.
     */
    public static CaptureFileReader open(
            InputStream in, String file, String capturePoint, Consumer<DeadLetter> deadLetters)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(deadLetters, "deadLetters");
        try {
            return new CaptureFileReader(in, file, capturePoint, deadLetters);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * For pcapng files merged from several capture points with one interface per point: take each
     * packet's capture point from its interface's {@code if_name}, falling back to the reader's
     * capture point for interfaces without a name. No effect on pcap files.
     */
    public CaptureFileReader useInterfaceNames(boolean use) {
        this.useInterfaceNames = use;
        return this;
    }

    public Format format() {
        return format;
    }

    public String file() {
        return file;
    }

    /**
     * Reads the next frame into {@code out} (the bytes stay valid until the next call). Returns
     * false at the end of the file. Records that cannot be framed are dead-lettered and skipped.
     */
    public boolean nextFrame(CaptureFrame out) throws IOException {
        if (parser.next(out)) {
            frames++;
            return true;
        }
        return false;
    }

    /**
     * Reads until the next IP packet and decodes it into {@code out}, which also gets the capture
     * point, timestamp, file offset and lengths. Returns false at the end of the file. Non-IP
     * frames are skipped silently (counted); undecodable frames are dead-lettered and skipped. The
     * event's address arrays are reused when their length fits, see {@link PacketDecoder#decode}.
     */
    public boolean next(PacketEvent out) throws IOException {
        CaptureFrame f = frame;
        while (nextFrame(f)) {
            String point =
                    useInterfaceNames && f.interfaceName != null ? f.interfaceName : capturePoint;
            PacketDecoder.Status status =
                    decoder.decode(f.linkType, f.buf, f.offset, f.capturedLen, out);
            switch (status) {
                case PACKET:
                    out.capturePoint = point;
                    out.tsNanos = f.tsNanos;
                    out.fileOffset = f.fileOffset;
                    out.wireLen = f.wireLen;
                    out.capturedLen = f.capturedLen;
                    packets++;
                    return true;
                case NOT_IP:
                    nonIp++;
                    break;
                case UNSUPPORTED_LINK_TYPE:
                    unsupported++;
                    if (firstReportOf(f.linkType)) {
                        deadLetter(
                                point,
                                f.fileOffset,
                                decoder.reason()
                                        + "; further frames of this link type are skipped"
                                        + " without a dead letter");
                    }
                    break;
                default:
                    deadLetter(point, f.fileOffset, decoder.reason());
            }
        }
        return false;
    }

    private boolean firstReportOf(int linkType) {
        for (int t : reportedLinkTypes) {
            if (t == linkType) {
                return false;
            }
        }
        reportedLinkTypes =
                java.util.Arrays.copyOf(reportedLinkTypes, reportedLinkTypes.length + 1);
        reportedLinkTypes[reportedLinkTypes.length - 1] = linkType;
        return true;
    }

    private void deadLetter(String point, long offset, String reason) {
        deadLetters++;
        deadLetterSink.accept(new DeadLetter(file, point, offset, reason));
    }

    /** Frames read so far (records with usable framing and timestamp, IP or not). */
    public long frames() {
        return frames;
    }

    /** Events returned by {@link #next(PacketEvent)} so far. */
    public long packets() {
        return packets;
    }

    /** Well-formed non-IP frames skipped by {@link #next(PacketEvent)}. */
    public long nonIpFrames() {
        return nonIp;
    }

    /** Frames skipped because their link type is not supported. */
    public long unsupportedFrames() {
        return unsupported;
    }

    /** Dead letters reported so far. */
    public long deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
