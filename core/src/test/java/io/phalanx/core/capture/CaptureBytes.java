package io.phalanx.core.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pcap and pcapng files in memory, in either byte order, so that each test states the exact
 * bytes it feeds the reader. Offsets of what was written are exposed for dead-letter assertions.
 */
final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    static CaptureBytes pcap(boolean bigEndian, boolean nanos, int snaplen, int linkField) {
        CaptureBytes c = new CaptureBytes();
        c.bigEndian = bigEndian;
        c.u32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(snaplen);
        return c.u32(linkField);
    }

    static CaptureBytes pcapng() {
        return new CaptureBytes();
    }

    int size() {
        return out.size();
    }

    CaptureBytes record(long seconds, long fraction, byte[] frame, int wireLen) {
        u32((int) seconds).u32((int) fraction).u32(frame.length).u32(wireLen);
        out.write(frame, 0, frame.length);
        return this;
    }

    /** Section header; switches the byte order for everything that follows. */
    CaptureBytes shb(boolean bigEndian, int major) {
        this.bigEndian = bigEndian;
        u32(0x0a0d0d0a).u32(28).u32(0x1a2b3c4d).u16(major).u16(0);
        return u32(-1).u32(-1).u32(28);
    }

    /** IDB with optional if_name, if_tsresol (raw byte, -1 for none) and if_tsoffset. */
    CaptureBytes idb(int linkType, int snaplen, String name, int tsresol, Long tsoffset) {
        ByteArrayOutputStream opts = new ByteArrayOutputStream();
        CaptureBytes o = new CaptureBytes();
        o.bigEndian = bigEndian;
        if (name != null) {
            o.option(2, name.getBytes(StandardCharsets.UTF_8));
        }
        if (tsresol >= 0) {
            o.option(9, new byte[] {(byte) tsresol});
        }
        if (tsoffset != null) {
            CaptureBytes v = new CaptureBytes();
            v.bigEndian = bigEndian;
            v.u64(tsoffset);
            o.option(14, v.out.toByteArray());
        }
        if (o.out.size() > 0) {
            o.u16(0).u16(0);
        }
        opts.writeBytes(o.out.toByteArray());
        int len = 20 + opts.size();
        u32(1).u32(len).u16(linkType).u16(0).u32(snaplen);
        out.writeBytes(opts.toByteArray());
        return u32(len);
    }

    CaptureBytes epb(int ifIndex, long units, byte[] frame, int wireLen) {
        int padded = (frame.length + 3) & ~3;
        int len = 32 + padded;
        u32(6).u32(len).u32(ifIndex).u32((int) (units >>> 32)).u32((int) units);
        u32(frame.length).u32(wireLen);
        out.write(frame, 0, frame.length);
        out.write(new byte[padded - frame.length], 0, padded - frame.length);
        return u32(len);
    }

    CaptureBytes opb(int ifIndex, long units, byte[] frame) {
        int padded = (frame.length + 3) & ~3;
        int len = 32 + padded;
        u32(2).u32(len).u16(ifIndex).u16(0).u32((int) (units >>> 32)).u32((int) units);
        u32(frame.length).u32(frame.length);
        out.write(frame, 0, frame.length);
        out.write(new byte[padded - frame.length], 0, padded - frame.length);
        return u32(len);
    }

    CaptureBytes spb(byte[] frame, int wireLen) {
        int padded = (frame.length + 3) & ~3;
        int len = 16 + padded;
        u32(3).u32(len).u32(wireLen);
        out.write(frame, 0, frame.length);
        out.write(new byte[padded - frame.length], 0, padded - frame.length);
        return u32(len);
    }

    /** A block of a type the reader must skip (NRB 4, ISB 5, DSB 10, custom 0xbad, ...). */
    CaptureBytes otherBlock(int type, int bodyBytes) {
        int len = 12 + bodyBytes;
        u32(type).u32(len);
        out.write(new byte[bodyBytes], 0, bodyBytes);
        return u32(len);
    }

    private CaptureBytes option(int code, byte[] value) {
        u16(code).u16(value.length);
        out.write(value, 0, value.length);
        int pad = ((value.length + 3) & ~3) - value.length;
        out.write(new byte[pad], 0, pad);
        return this;
    }

    CaptureBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    CaptureBytes u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    CaptureBytes u32(int v) {
        return bigEndian ? u16(v >>> 16).u16(v & 0xffff) : u16(v & 0xffff).u16(v >>> 16);
    }

    CaptureBytes u64(long v) {
        return bigEndian ? u32((int) (v >>> 32)).u32((int) v) : u32((int) v).u32((int) (v >>> 32));
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
