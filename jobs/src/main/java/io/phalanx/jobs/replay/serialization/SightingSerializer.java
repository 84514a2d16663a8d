package io.phalanx.jobs.replay.serialization;

import io.phalanx.core.stitch.Sighting;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Hand-written serializer for the stitcher's pending {@link Sighting}s: every sighting is written
 * once and read about twice, and the POJO serializer's reflection was the largest cost left on that
 * path. Format v1 (fixed field order; a new field means a new snapshot version).
 */
public final class SightingSerializer extends TypeSerializerSingleton<Sighting> {
    private static final long serialVersionUID = 1L;
    public static final SightingSerializer INSTANCE = new SightingSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Sighting createInstance() {
        return new Sighting();
    }

    @Override
    public Sighting copy(Sighting from) {
        Sighting s = new Sighting();
        s.identity = from.identity;
        s.capturePoint = from.capturePoint;
        s.tsNanos = from.tsNanos;
        s.dir = from.dir;
        s.proto = from.proto;
        s.ipVersion = from.ipVersion;
        s.late = from.late;
        s.tcpFlags = from.tcpFlags;
        s.tcpSeq = from.tcpSeq;
        s.tcpAck = from.tcpAck;
        s.tcpWindow = from.tcpWindow;
        s.payloadLen = from.payloadLen;
        s.wireLen = from.wireLen;
        s.srcIp = from.srcIp == null ? null : from.srcIp.clone();
        s.dstIp = from.dstIp == null ? null : from.dstIp.clone();
        s.srcPort = from.srcPort;
        s.dstPort = from.dstPort;
        return s;
    }

    @Override
    public Sighting copy(Sighting from, Sighting reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Sighting s, DataOutputView out) throws IOException {
        out.writeLong(s.identity);
        out.writeByte(s.capturePoint);
        out.writeLong(s.tsNanos);
        out.writeByte(s.dir | (s.late ? 2 : 0));
        out.writeByte(s.proto);
        out.writeShort(s.tcpFlags);
        out.writeInt((int) s.tcpSeq);
        out.writeInt((int) s.tcpAck);
        out.writeShort(s.tcpWindow);
        out.writeInt(s.payloadLen);
        out.writeInt(s.wireLen);
        out.writeShort(s.srcPort);
        out.writeShort(s.dstPort);
        Addresses.write(s.srcIp, out);
        Addresses.write(s.dstIp, out);
    }

    @Override
    public Sighting deserialize(DataInputView in) throws IOException {
        Sighting s = new Sighting();
        s.identity = in.readLong();
        s.capturePoint = in.readUnsignedByte();
        s.tsNanos = in.readLong();
        int dirAndLate = in.readUnsignedByte();
        s.dir = (byte) (dirAndLate & 1);
        s.late = (dirAndLate & 2) != 0;
        s.proto = in.readByte();
        s.tcpFlags = in.readUnsignedShort();
        s.tcpSeq = in.readInt() & 0xffffffffL;
        s.tcpAck = in.readInt() & 0xffffffffL;
        s.tcpWindow = in.readUnsignedShort();
        s.payloadLen = in.readInt();
        s.wireLen = in.readInt();
        s.srcPort = in.readUnsignedShort();
        s.dstPort = in.readUnsignedShort();
        s.srcIp = Addresses.read(in);
        s.dstIp = Addresses.read(in);
        s.ipVersion = (byte) (s.srcIp != null && s.srcIp.length == 16 ? 6 : 4);
        return s;
    }

    @Override
    public Sighting deserialize(Sighting reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<Sighting> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of format v1. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Sighting> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
