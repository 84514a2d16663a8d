package io.phalanx.core.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng framing (draft-ietf-opsawg-pcapng): sections introduced by a Section Header Block whose
 * byte-order magic sets the endianness of everything up to the next SHB; Interface Description
 * Blocks numbered per section; Enhanced, Simple and obsolete Packet Blocks; every other block type
 * (name resolution, statistics, decryption secrets, custom, unknown) skipped by its length.
 *
 * <p>Every block states its length twice, so a bad packet block is skipped and reading goes on;
 * only a length that cannot be right (not a multiple of 4, shorter than a block, above {@link
 * CaptureFileReader#MAX_BLOCK_BYTES}, or not matching the trailing copy) loses the framing and ends
 * the file with one dead letter. A later section with an unsupported version also ends the file, as
 * tshark and libpcap do: its blocks cannot be interpreted.
 */
final class PcapngParser extends FrameParser {
    static final int SHB = 0x0a0d0d0a;
    static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int IDB = 1;
    private static final int OPB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;

    /** Interface Description Block contents that packets need. */
    static final class Interface {
        final int linkType;
        final int snaplen;
        final String name;

        /** Timestamp units per second: 10^k or 2^k. */
        final boolean binary;

        final int exponent;
        final long offsetSeconds;
        final int fcsLen;

        Interface(
                int linkType,
                int snaplen,
                String name,
                boolean binary,
                int exponent,
                long offsetSeconds,
                int fcsLen) {
            this.linkType = linkType;
            this.snaplen = snaplen;
            this.name = name;
            this.binary = binary;
            this.exponent = exponent;
            this.offsetSeconds = offsetSeconds;
            this.fcsLen = fcsLen;
        }

        /** Nanoseconds since the epoch, or Long.MIN_VALUE when out of the representable range. */
        long toNanos(long units) {
            long nanos;
            if (binary) {
                if (exponent == 0) {
                    nanos = mulOrMin(units, 1_000_000_000L);
                } else {
                    long seconds = units >>> exponent;
                    long frac = units & ((1L << exponent) - 1);
                    // frac * 1e9 / 2^exponent without overflow: high word of a 128-bit product.
                    long shifted = frac << (64 - exponent);
                    long fracNanos = unsignedMultiplyHigh(shifted, 1_000_000_000L);
                    long s = mulOrMin(seconds, 1_000_000_000L);
                    nanos = s == Long.MIN_VALUE ? s : s + fracNanos;
                }
            } else if (exponent <= 9) {
                if (units < 0) {
                    return Long.MIN_VALUE;
                }
                nanos = mulOrMin(units, POW10[9 - exponent]);
            } else {
                nanos = Long.divideUnsigned(units, POW10[exponent - 9]);
            }
            if (nanos == Long.MIN_VALUE) {
                return nanos;
            }
            long off = mulOrMin(offsetSeconds, 1_000_000_000L);
            if (off == Long.MIN_VALUE) {
                return off;
            }
            long r = nanos + off;
            return ((nanos ^ r) & (off ^ r)) < 0 ? Long.MIN_VALUE : r;
        }
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private boolean bigEndian;
    private boolean done;
    private int section = -1;
    private final List<Interface> interfaces = new ArrayList<>();

    PcapngParser(ByteSource in, String file, DeadLetters deadLetters) throws IOException {
        super(in, file, deadLetters);
        if (!in.ensure(28)) {
            throw new CaptureFormatException(
                    file, 0, "truncated pcapng section header: " + in.available() + " of 28 bytes");
        }
        String problem = readSectionHeader(0);
        if (problem != null) {
            throw new CaptureFormatException(file, 0, problem);
        }
    }

    /** Interfaces of the current section, in IDB order. */
    List<Interface> interfaces() {
        return interfaces;
    }

    /**
     * Reads the SHB at the current position (at least 12 bytes available): returns null, or why it
     * cannot be used.
     */
    private String readSectionHeader(long offset) throws IOException {
        byte[] b = in.buf;
        int p = in.pos;
        if (ByteSource.i32(b, p + 8, true) == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (ByteSource.i32(b, p + 8, false) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            return "pcapng section header with bad byte-order magic 0x"
                    + Integer.toHexString(ByteSource.i32(b, p + 8, true));
        }
        long len = ByteSource.u32(b, p + 4, bigEndian);
        String lengthProblem = checkLength(len, 28);
        if (lengthProblem != null) {
            return "pcapng section header " + lengthProblem;
        }
        if (!in.ensure((int) len)) {
            return "pcapng section header cut off at end of file";
        }
        b = in.buf;
        p = in.pos;
        int major = ByteSource.u16(b, p + 12, bigEndian);
        int minor = ByteSource.u16(b, p + 14, bigEndian);
        if (major != 1) {
            return "unsupported pcapng version " + major + "." + minor;
        }
        if (ByteSource.u32(b, p + (int) len - 4, bigEndian) != len) {
            return "pcapng section header trailer length does not match " + len;
        }
        in.advance((int) len);
        section++;
        interfaces.clear();
        return null;
    }

    private static String checkLength(long len, int minimum) {
        if (len < minimum || (len & 3) != 0) {
            return "has invalid block length " + len;
        }
        if (len > CaptureFileReader.MAX_BLOCK_BYTES) {
            return "has block length " + len + " above " + CaptureFileReader.MAX_BLOCK_BYTES;
        }
        return null;
    }

    private boolean stop(long offset, String reason) {
        done = true;
        deadLetters.report(offset, reason);
        return false;
    }

    @Override
    boolean next(CaptureFrame f) throws IOException {
        while (!done) {
            long offset = in.position();
            if (!in.ensure(12)) {
                done = true;
                if (in.available() > 0) {
                    deadLetters.report(
                            offset,
                            "truncated pcapng block header at end of file: "
                                    + in.available()
                                    + " bytes");
                }
                return false;
            }
            byte[] b = in.buf;
            int p = in.pos;
            int type = ByteSource.i32(b, p, bigEndian);
            if (type == SHB) {
                String problem = readSectionHeader(offset);
                if (problem != null) {
                    return stop(offset, problem + "; rest of file skipped");
                }
                continue;
            }
            long len = ByteSource.u32(b, p + 4, bigEndian);
            String lengthProblem = checkLength(len, 12);
            if (lengthProblem != null) {
                return stop(
                        offset,
                        "pcapng block type 0x"
                                + Integer.toHexString(type)
                                + " "
                                + lengthProblem
                                + ": framing lost, rest of file skipped");
            }
            if (type != IDB && type != EPB && type != SPB && type != OPB) {
                try {
                    in.skip(len);
                } catch (java.io.EOFException e) {
                    return stop(
                            offset,
                            "pcapng block type 0x"
                                    + Integer.toHexString(type)
                                    + " cut off at end of file");
                }
                continue;
            }
            int n = (int) len;
            if (!in.ensure(n)) {
                return stop(
                        offset,
                        "pcapng block type 0x"
                                + Integer.toHexString(type)
                                + " cut off at end of file: "
                                + in.available()
                                + " of "
                                + n
                                + " bytes");
            }
            b = in.buf;
            p = in.pos;
            if (ByteSource.u32(b, p + n - 4, bigEndian) != len) {
                return stop(
                        offset,
                        "pcapng block trailer length "
                                + ByteSource.u32(b, p + n - 4, bigEndian)
                                + " does not match header length "
                                + len
                                + ": framing lost, rest of file skipped");
            }
            in.advance(n);
            switch (type) {
                case IDB:
                    readInterface(b, p, n, offset);
                    break;
                case EPB:
                case OPB:
                    if (packetBlock(b, p, n, offset, type, f)) {
                        return true;
                    }
                    break;
                default:
                    if (simplePacket(b, p, n, offset, f)) {
                        return true;
                    }
            }
        }
        return false;
    }

    private void readInterface(byte[] b, int p, int n, long offset) {
        if (n < 20) {
            deadLetters.report(offset, "interface description block too short: " + n + " bytes");
            interfaces.add(new Interface(-1, 0, null, false, 6, 0, 0));
            return;
        }
        int linkType = ByteSource.u16(b, p + 8, bigEndian);
        int snaplen = ByteSource.i32(b, p + 12, bigEndian);
        String name = null;
        boolean binary = false;
        int exponent = 6;
        long offsetSeconds = 0;
        int fcsLen = 0;
        int q = p + 16;
        int end = p + n - 4;
        while (end - q >= 4) {
            int code = ByteSource.u16(b, q, bigEndian);
            int olen = ByteSource.u16(b, q + 2, bigEndian);
            if (code == 0) {
                break;
            }
            if (olen > end - q - 4) {
                deadLetters.report(
                        offset,
                        "interface description block option "
                                + code
                                + " overruns the block; later options ignored");
                break;
            }
            int v = q + 4;
            switch (code) {
                case 2: // if_name
                    int nameLen = olen;
                    while (nameLen > 0 && b[v + nameLen - 1] == 0) {
                        nameLen--; // some writers include a NUL terminator
                    }
                    name = new String(b, v, nameLen, StandardCharsets.UTF_8);
                    break;
                case 9: // if_tsresol
                    if (olen >= 1) {
                        int r = b[v] & 0xff;
                        boolean bin = (r & 0x80) != 0;
                        int e = r & 0x7f;
                        if (bin ? e > 63 : e > 18) {
                            deadLetters.report(
                                    offset,
                                    "unsupported if_tsresol 0x"
                                            + Integer.toHexString(r)
                                            + "; microseconds assumed");
                        } else {
                            binary = bin;
                            exponent = e;
                        }
                    }
                    break;
                case 13: // if_fcslen
                    if (olen >= 1) {
                        fcsLen = b[v] & 0xff;
                    }
                    break;
                case 14: // if_tsoffset
                    if (olen >= 8) {
                        offsetSeconds = ByteSource.i64(b, v, bigEndian);
                    }
                    break;
                default:
                    break;
            }
            q += 4 + ((olen + 3) & ~3);
        }
        interfaces.add(
                new Interface(linkType, snaplen, name, binary, exponent, offsetSeconds, fcsLen));
    }

    private boolean packetBlock(byte[] b, int p, int n, long offset, int type, CaptureFrame f) {
        String kind = type == EPB ? "enhanced packet block" : "packet block";
        if (n < 32) {
            deadLetters.report(offset, kind + " too short: " + n + " bytes");
            return false;
        }
        int ifIndex =
                type == EPB
                        ? ByteSource.i32(b, p + 8, bigEndian)
                        : ByteSource.u16(b, p + 8, bigEndian);
        long caplen = ByteSource.u32(b, p + 20, bigEndian);
        long wireLen = ByteSource.u32(b, p + 24, bigEndian);
        if (ifIndex < 0 || ifIndex >= interfaces.size()) {
            deadLetters.report(
                    offset,
                    kind
                            + " refers to interface "
                            + Integer.toUnsignedString(ifIndex)
                            + " but section "
                            + section
                            + " has "
                            + interfaces.size());
            return false;
        }
        if (caplen > n - 32) {
            deadLetters.report(
                    offset, kind + " captured length " + caplen + " exceeds its block length " + n);
            return false;
        }
        Interface itf = interfaces.get(ifIndex);
        long units =
                ByteSource.u32(b, p + 12, bigEndian) << 32 | ByteSource.u32(b, p + 16, bigEndian);
        long ts = itf.toNanos(units);
        if (ts == Long.MIN_VALUE) {
            deadLetters.report(
                    offset, kind + " timestamp out of range: " + Long.toUnsignedString(units));
            return false;
        }
        fill(f, b, p + 28, (int) caplen, wireLen, ts, itf, ifIndex, offset);
        return true;
    }

    private boolean simplePacket(byte[] b, int p, int n, long offset, CaptureFrame f) {
        if (n < 16) {
            deadLetters.report(offset, "simple packet block too short: " + n + " bytes");
            return false;
        }
        if (interfaces.isEmpty()) {
            deadLetters.report(
                    offset, "simple packet block in section " + section + " without an interface");
            return false;
        }
        Interface itf = interfaces.get(0);
        long wireLen = ByteSource.u32(b, p + 8, bigEndian);
        long caplen = Math.min(wireLen, n - 16);
        if (itf.snaplen > 0) {
            caplen = Math.min(caplen, itf.snaplen);
        }
        // A simple packet block has no timestamp; 0 (the epoch), as libpcap reports it.
        fill(f, b, p + 12, (int) caplen, wireLen, 0, itf, 0, offset);
        return true;
    }

    private void fill(
            CaptureFrame f,
            byte[] b,
            int dataOffset,
            int caplen,
            long wireLen,
            long ts,
            Interface itf,
            int ifIndex,
            long offset) {
        f.buf = b;
        f.offset = dataOffset;
        f.capturedLen = caplen;
        f.wireLen = (int) Math.min(wireLen, Integer.MAX_VALUE);
        f.tsNanos = ts;
        f.linkType = itf.linkType;
        f.fcsLen = itf.fcsLen;
        f.interfaceIndex = ifIndex;
        f.interfaceName = itf.name;
        f.section = section;
        f.fileOffset = offset;
    }

    static long mulOrMin(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
            return Long.MIN_VALUE;
        }
        return lo;
    }

    static long unsignedMultiplyHigh(long x, long y) {
        long result = Math.multiplyHigh(x, y);
        result += (y & (x >> 63));
        result += (x & (y >> 63));
        return result;
    }
}
