package io.phalanx.jobs.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes what {@code mergecap -F pcapng} makes of several capture points' files, with each
 * interface named after its capture point (if_name) and nanosecond resolution (if_tsresol 9): one
 * section, one IDB per input, EPBs merged by timestamp.
 */
public final class MergedPcapng {
    private MergedPcapng() {}

    private record Rec(int iface, long ts, int origLen, byte[] data) {}

    public static Path merge(List<String> names, List<Path> pcaps, Path out) throws IOException {
        List<Rec> all = new ArrayList<>();
        for (int i = 0; i < pcaps.size(); i++) {
            ByteBuffer b =
                    ByteBuffer.wrap(Files.readAllBytes(pcaps.get(i)))
                            .order(ByteOrder.LITTLE_ENDIAN);
            int pos = 24;
            while (pos + 16 <= b.limit()) {
                long ts =
                        (b.getInt(pos) & 0xffffffffL) * 1_000_000_000L
                                + (b.getInt(pos + 4) & 0xffffffffL);
                int cap = b.getInt(pos + 8);
                byte[] data = new byte[cap];
                b.get(pos + 16, data);
                all.add(new Rec(i, ts, b.getInt(pos + 12), data));
                pos += 16 + cap;
            }
        }
        all.sort(Comparator.comparingLong(Rec::ts));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer shb = le(28);
        shb.putInt(0x0A0D0D0A)
                .putInt(28)
                .putInt(0x1A2B3C4D)
                .putShort((short) 1)
                .putShort((short) 0)
                .putLong(-1)
                .putInt(28);
        o.write(shb.array());
        for (String name : names) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            int nameLen = (n.length + 3) & ~3;
            int len = 20 + 4 + nameLen + 8 + 4;
            ByteBuffer idb = le(len);
            idb.putInt(1).putInt(len).putShort((short) 1).putShort((short) 0).putInt(65535);
            idb.putShort((short) 2).putShort((short) n.length).put(n).position(16 + 4 + nameLen);
            idb.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
            idb.putInt(0).putInt(len);
            o.write(idb.array());
        }
        for (Rec r : all) {
            int padded = (r.data.length + 3) & ~3;
            int len = 32 + padded;
            ByteBuffer epb = le(len);
            epb.putInt(6)
                    .putInt(len)
                    .putInt(r.iface)
                    .putInt((int) (r.ts >>> 32))
                    .putInt((int) r.ts)
                    .putInt(r.data.length)
                    .putInt(r.origLen)
                    .put(r.data)
                    .position(28 + padded);
            epb.putInt(len);
            o.write(epb.array());
        }
        Files.write(out, o.toByteArray());
        return out;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
