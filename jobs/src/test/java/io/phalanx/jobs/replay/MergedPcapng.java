package io.phalanx.jobs.replay;

import io.phalanx.simulation.PcapngWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code mergecap -F pcapng} makes of several capture points' classic pcaps, with each
 * interface named after its capture point: records merged by timestamp, written by the simulator's
 * {@link PcapngWriter} (one section, one IDB per input, nanosecond resolution).
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
        try (PcapngWriter w = PcapngWriter.create(out, names, 65535)) {
            for (Rec r : all) {
                w.write(r.iface(), r.ts(), r.data(), r.origLen());
            }
        }
        return out;
    }
}
