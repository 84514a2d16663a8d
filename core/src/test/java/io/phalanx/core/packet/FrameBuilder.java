package io.phalanx.core.packet;

import java.io.ByteArrayOutputStream;

/**
 * Builds link-layer frames byte by byte for decoder tests, outermost header first, so that a test
 * reads like the frame on the wire: {@code ethernet(0x8100).vlan(7, 0x0800).ipv4(...).tcp(...)}.
 * Lengths that depend on what follows (IP total length, UDP length) are patched in {@link
 * #build()}.
 */
public final class FrameBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int ipStart = -1;
    private boolean ipv6;
    private int udpStart = -1;
    private int ipTotalOverride = -1;

    public static final byte[] CLIENT = {10, 77, 1, 2};
    public static final byte[] SERVER = {10, 77, 3, 2};
    public static final byte[] CLIENT6 = IpAddresses.parse("2001:db8::2");
    public static final byte[] SERVER6 = IpAddresses.parse("2001:db8:3::2");

    public static FrameBuilder ethernet(int etherType) {
        FrameBuilder f = new FrameBuilder();
        f.bytes(0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2);
        f.u16(etherType);
        return f;
    }

    public static FrameBuilder empty() {
        return new FrameBuilder();
    }

    public FrameBuilder vlan(int vid, int nextType) {
        u16(vid & 0x0fff);
        return u16(nextType);
    }

    public FrameBuilder mpls(int label, boolean bottom) {
        int v = label << 12 | (bottom ? 0x100 : 0) | 64;
        return u16(v >>> 16).u16(v & 0xffff);
    }

    public FrameBuilder ipv4(int proto, int id, int ttl, int fragField) {
        ipStart = out.size();
        ipv6 = false;
        bytes(0x45, 0);
        u16(0); // total length, patched
        u16(id);
        u16(fragField);
        bytes(ttl, proto);
        u16(0xbeef); // checksum: never checked
        bytes(CLIENT);
        return bytes(SERVER);
    }

    public FrameBuilder ipv4WithOptions(int proto, int id, int optionWords) {
        ipStart = out.size();
        bytes(0x45 + optionWords, 0);
        u16(0);
        u16(id);
        u16(0);
        bytes(64, proto);
        u16(0);
        bytes(CLIENT);
        bytes(SERVER);
        for (int i = 0; i < optionWords; i++) {
            bytes(1, 1, 1, 1); // NOPs
        }
        return this;
    }

    public FrameBuilder ipv6(int nextHeader, int hopLimit) {
        ipStart = out.size();
        ipv6 = true;
        bytes(0x60, 0, 0, 0);
        u16(0); // payload length, patched
        bytes(nextHeader, hopLimit);
        bytes(CLIENT6);
        return bytes(SERVER6);
    }

    /** Generic extension header padded to {@code 8 * (lengthUnits + 1)} bytes. */
    public FrameBuilder ipv6Extension(int nextHeader, int lengthUnits) {
        bytes(nextHeader, lengthUnits);
        for (int i = 2; i < (lengthUnits + 1) * 8; i++) {
            bytes(i == 2 ? 1 : 0); // PadN-ish filler
        }
        return this;
    }

    public FrameBuilder ipv6Fragment(int nextHeader, int offsetBytes, boolean more, int id) {
        bytes(nextHeader, 0);
        u16(offsetBytes | (more ? 1 : 0));
        return u32(id);
    }

    public FrameBuilder tcp(int src, int dst, long seq, long ack, int flags, int window) {
        u16(src).u16(dst).u32((int) seq).u32((int) ack);
        bytes(0x50, flags);
        u16(window);
        u16(0xcafe); // checksum
        return u16(0);
    }

    public FrameBuilder udp(int src, int dst) {
        udpStart = out.size();
        u16(src).u16(dst);
        u16(0); // length, patched
        return u16(0xcafe);
    }

    public FrameBuilder icmp(int type, int code, int id, int seq) {
        bytes(type, code);
        u16(0xcafe);
        return u16(id).u16(seq);
    }

    public FrameBuilder payload(int n, int seed) {
        for (int i = 0; i < n; i++) {
            out.write((seed + i * 7) & 0xff);
        }
        return this;
    }

    /** Claims an IP total (v4) or payload (v6) length different from what is built. */
    public FrameBuilder ipLength(int length) {
        ipTotalOverride = length;
        return this;
    }

    public FrameBuilder bytes(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    public FrameBuilder bytes(byte[] values) {
        out.write(values, 0, values.length);
        return this;
    }

    public FrameBuilder u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public FrameBuilder u32(int v) {
        return u16(v >>> 16).u16(v & 0xffff);
    }

    public byte[] build() {
        byte[] b = out.toByteArray();
        if (ipStart >= 0) {
            int len =
                    ipTotalOverride >= 0
                            ? ipTotalOverride
                            : ipv6 ? b.length - ipStart - 40 : b.length - ipStart;
            int at = ipStart + (ipv6 ? 4 : 2);
            b[at] = (byte) (len >>> 8);
            b[at + 1] = (byte) len;
        }
        if (udpStart >= 0) {
            int len = b.length - udpStart;
            b[udpStart + 4] = (byte) (len >>> 8);
            b[udpStart + 5] = (byte) len;
        }
        return b;
    }
}
