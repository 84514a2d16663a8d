package io.phalanx.simulation;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Classic pcap, little-endian, nanosecond timestamps (magic {@code a1b23c4d}), Ethernet link type.
 * Records must be written in the order the file should list them; nothing is reordered.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int NANOSECOND_MAGIC = 0xa1b23c4d;
    public static final int LINKTYPE_ETHERNET = 1;

    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    private PcapWriter(OutputStream out, int snaplen) throws IOException {
        this.out = out;
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(NANOSECOND_MAGIC).putShort((short) 2).putShort((short) 4);
        b.putInt(0).putInt(0).putInt(snaplen).putInt(LINKTYPE_ETHERNET);
        out.write(b.array());
    }

    public static PcapWriter create(Path file, int snaplen) throws IOException {
        return new PcapWriter(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), snaplen);
    }

    /**
     * @param epochNanos the record's timestamp, ns since the epoch
     * @param captured the bytes kept (at most the snap length)
     * @param originalLength the frame's length on the wire
     */
    public void write(long epochNanos, byte[] captured, int originalLength) throws IOException {
        header.clear();
        header.putInt((int) (epochNanos / 1_000_000_000L));
        header.putInt((int) (epochNanos % 1_000_000_000L));
        header.putInt(captured.length).putInt(originalLength);
        out.write(header.array());
        out.write(captured);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
