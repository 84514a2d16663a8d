package io.phalanx.core.packet;

/**
 * Ports of recently seen first fragments, keyed by (src, dst, proto, IP ID), so that later
 * fragments of the same datagram can carry them. Direct-mapped and fixed-size: a colliding newer
 * datagram evicts the older one, which then yields {@link PacketEvent#FLAG_NO_PORTS} for its
 * remaining fragments. That bounds memory regardless of input and costs nothing per packet.
 */
final class FragmentPorts {
    static final int ABSENT = -1;

    private final int mask;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] dstHi;
    private final long[] dstLo;

    /** proto << 32 | id, with bit 63 set for an occupied slot. */
    private final long[] tag;

    private final int[] ports;

    FragmentPorts(int slots) {
        int n = Integer.highestOneBit(Math.max(16, slots - 1) << 1);
        mask = n - 1;
        srcHi = new long[n];
        srcLo = new long[n];
        dstHi = new long[n];
        dstLo = new long[n];
        tag = new long[n];
        ports = new int[n];
    }

    void remember(PacketEvent e, int proto) {
        long sh = hi(e.srcIp), sl = lo(e.srcIp), dh = hi(e.dstIp), dl = lo(e.dstIp);
        long t = tag(proto, e.ipId);
        int i = slot(sh, sl, dh, dl, t);
        srcHi[i] = sh;
        srcLo[i] = sl;
        dstHi[i] = dh;
        dstLo[i] = dl;
        tag[i] = t;
        ports[i] = e.srcPort << 16 | e.dstPort;
    }

    int lookup(PacketEvent e, int proto) {
        long sh = hi(e.srcIp), sl = lo(e.srcIp), dh = hi(e.dstIp), dl = lo(e.dstIp);
        long t = tag(proto, e.ipId);
        int i = slot(sh, sl, dh, dl, t);
        if (tag[i] == t && srcHi[i] == sh && srcLo[i] == sl && dstHi[i] == dh && dstLo[i] == dl) {
            return ports[i];
        }
        return ABSENT;
    }

    private int slot(long sh, long sl, long dh, long dl, long t) {
        long h = (sh * 31 + sl) * 0x9e3779b97f4a7c15L;
        h = (h ^ dh) * 0xbf58476d1ce4e5b9L ^ dl;
        h = (h ^ t) * 0x94d049bb133111ebL;
        return (int) (h ^ h >>> 32) & mask;
    }

    private static long tag(int proto, int id) {
        return Long.MIN_VALUE | (long) (proto & 0xff) << 32 | (id & 0xffffffffL);
    }

    private static long hi(byte[] a) {
        return a.length == 16 ? word(a, 0) : 0;
    }

    private static long lo(byte[] a) {
        return a.length == 16 ? word(a, 8) : (PacketDecoder.i32(a, 0) & 0xffffffffL) | 1L << 32;
    }

    private static long word(byte[] a, int p) {
        return (PacketDecoder.i32(a, p) & 0xffffffffL) << 32
                | (PacketDecoder.i32(a, p + 4) & 0xffffffffL);
    }
}
