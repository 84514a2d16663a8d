package io.phalanx.core.capture;

import java.io.IOException;

/**
 * Classic libpcap framing: a 24-byte global header and 16-byte record headers, in the writer's byte
 * order, with micro- or nanosecond fractions. The framing has no resynchronisation point, so a
 * record whose length cannot be trusted ends the file (one dead letter); a bad timestamp on a
 * correctly framed record only drops that record.
 */
final class PcapParser extends FrameParser {
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;

    /**
     * Largest captured length accepted regardless of the header's snap length: libpcap's maximum
     * snap length. A larger record length means the framing is corrupt.
     */
    static final int MAX_SANE_CAPLEN = 262_144;

    private final boolean bigEndian;
    private final long fractionsPerSecond;
    private final int linkType;
    private final int fcsLen;
    private final int maxCaplen;
    private final int snaplen;
    private boolean done;

    PcapParser(ByteSource in, String file, DeadLetters deadLetters) throws IOException {
        super(in, file, deadLetters);
        if (!in.ensure(24)) {
            throw new CaptureFormatException(
                    file, 0, "truncated pcap global header: " + in.available() + " of 24 bytes");
        }
        byte[] b = in.buf;
        int p = in.pos;
        int magicBe = ByteSource.i32(b, p, true);
        int magicLe = ByteSource.i32(b, p, false);
        if (magicBe == MAGIC_MICROS || magicBe == MAGIC_NANOS) {
            bigEndian = true;
        } else if (magicLe == MAGIC_MICROS || magicLe == MAGIC_NANOS) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(
                    file, 0, "not a pcap file: magic 0x" + Integer.toHexString(magicBe));
        }
        int magic = bigEndian ? magicBe : magicLe;
        fractionsPerSecond = magic == MAGIC_NANOS ? 1_000_000_000L : 1_000_000L;
        int major = ByteSource.u16(b, p + 4, bigEndian);
        int minor = ByteSource.u16(b, p + 6, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException(
                    file, 4, "unsupported pcap version " + major + "." + minor);
        }
        snaplen = ByteSource.i32(b, p + 16, bigEndian);
        int linkField = ByteSource.i32(b, p + 20, bigEndian);
        // Upper bits carry the FCS length (bits 28-31, valid when bit 26 is set), not the type.
        linkType = linkField & 0x03ff_ffff;
        fcsLen = (linkField & 0x0400_0000) != 0 ? (linkField >>> 28) * 2 : 0;
        maxCaplen =
                snaplen > MAX_SANE_CAPLEN
                        ? Math.min(snaplen, CaptureFileReader.MAX_BLOCK_BYTES)
                        : MAX_SANE_CAPLEN;
        in.advance(24);
    }

    int linkType() {
        return linkType;
    }

    int snaplen() {
        return snaplen;
    }

    long fractionsPerSecond() {
        return fractionsPerSecond;
    }

    @Override
    boolean next(CaptureFrame f) throws IOException {
        while (!done) {
            long recordOffset = in.position();
            if (!in.ensure(16)) {
                done = true;
                if (in.available() > 0) {
                    deadLetters.report(
                            recordOffset,
                            "truncated pcap record header at end of file: "
                                    + in.available()
                                    + " of 16 bytes");
                }
                return false;
            }
            byte[] b = in.buf;
            int p = in.pos;
            long seconds = ByteSource.u32(b, p, bigEndian);
            long fraction = ByteSource.u32(b, p + 4, bigEndian);
            long caplen = ByteSource.u32(b, p + 8, bigEndian);
            long wireLen = ByteSource.u32(b, p + 12, bigEndian);
            if (caplen > maxCaplen) {
                done = true;
                deadLetters.report(
                        recordOffset,
                        "pcap record claims "
                                + caplen
                                + " captured bytes (limit "
                                + maxCaplen
                                + "): framing lost, rest of file skipped");
                return false;
            }
            if (!in.ensure(16 + (int) caplen)) {
                done = true;
                deadLetters.report(
                        recordOffset,
                        "truncated pcap record at end of file: "
                                + (in.available() - 16)
                                + " of "
                                + caplen
                                + " captured bytes present");
                return false;
            }
            b = in.buf;
            p = in.pos;
            in.advance(16 + (int) caplen);
            long ts = toNanos(seconds, fraction, fractionsPerSecond);
            if (ts < 0) {
                deadLetters.report(
                        recordOffset,
                        "invalid timestamp: fraction "
                                + fraction
                                + (fractionsPerSecond == 1_000_000L ? " us" : " ns")
                                + " >= 1 s");
                continue;
            }
            f.buf = b;
            f.offset = p + 16;
            f.capturedLen = (int) caplen;
            f.wireLen = (int) Math.min(wireLen, Integer.MAX_VALUE);
            f.tsNanos = ts;
            f.linkType = linkType;
            f.fcsLen = fcsLen;
            f.interfaceIndex = 0;
            f.interfaceName = null;
            f.section = 0;
            f.fileOffset = recordOffset;
            return true;
        }
        return false;
    }
}
