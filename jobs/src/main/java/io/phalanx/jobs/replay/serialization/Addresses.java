package io.phalanx.jobs.replay.serialization;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** IP addresses as a length byte (0 = null, 4 or 16) and the bytes. */
final class Addresses {
    private Addresses() {}

    static void write(byte[] addr, DataOutputView out) throws IOException {
        if (addr == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(addr.length);
        out.write(addr);
    }

    static byte[] read(DataInputView in) throws IOException {
        int len = in.readUnsignedByte();
        if (len == 0) {
            return null;
        }
        byte[] a = new byte[len];
        in.readFully(a);
        return a;
    }
}
