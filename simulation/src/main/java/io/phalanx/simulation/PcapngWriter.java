package io.phalanx.simulation;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * pcapng, little-endian: one section, one Ethernet interface per capture point with {@code if_name}
 * = the capture point's id and {@code if_tsresol} = 9 (nanoseconds), and an Enhanced Packet Block
 * per record — the merged form {@code phalanx replay --capture merged.pcapng} reads.
 */
public final class PcapngWriter implements AutoCloseable {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 0x00000001;
    private static final int EPB = 0x00000006;
    private static final short OPT_END = 0;
    private static final short IF_NAME = 2;
    private static final short IF_TSRESOL = 9;

    private final OutputStream out;

    private PcapngWriter(OutputStream out, List<String> interfaceNames, int snaplen)
            throws IOException {
        this.out = out;
        ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        shb.putInt(SHB).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0);
        shb.putLong(-1L).putInt(28);
        out.write(shb.array());
        for (String name : interfaceNames) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            int nameOpt = 4 + pad4(n.length);
            int len = 20 + nameOpt + 8 + 4;
            ByteBuffer idb = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
            idb.putInt(IDB).putInt(len).putShort((short) PcapWriter.LINKTYPE_ETHERNET);
            idb.putShort((short) 0).putInt(snaplen);
            idb.putShort(IF_NAME).putShort((short) n.length).put(n);
            idb.position(16 + nameOpt);
            idb.putShort(IF_TSRESOL).putShort((short) 1).put((byte) 9).put(new byte[3]);
            idb.putShort(OPT_END).putShort((short) 0);
            idb.putInt(len);
            out.write(idb.array());
        }
    }

    public static PcapngWriter create(Path file, List<String> interfaceNames, int snaplen)
            throws IOException {
        return new PcapngWriter(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                interfaceNames,
                snaplen);
    }

    /** Writes one packet seen on interface {@code interfaceIndex} (the order given at creation). */
    public void write(int interfaceIndex, long epochNanos, byte[] captured, int originalLength)
            throws IOException {
        int len = 28 + pad4(captured.length) + 4;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(EPB).putInt(len).putInt(interfaceIndex);
        b.putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos);
        b.putInt(captured.length).putInt(originalLength).put(captured);
        b.position(len - 4);
        b.putInt(len);
        out.write(b.array());
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
