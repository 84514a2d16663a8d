package io.phalanx.jobs.replay.serialization;

import io.phalanx.core.packet.PacketEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Hand-written serializer for {@link PacketEvent}, the record every packet is shuffled as between
 * the capture sources and the stitcher (the POJO serializer's reflection cost about a third of the
 * stitcher's CPU). Format v1, fixed field order.
 */
public final class PacketEventSerializer extends TypeSerializerSingleton<PacketEvent> {
    private static final long serialVersionUID = 1L;
    public static final PacketEventSerializer INSTANCE = new PacketEventSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PacketEvent createInstance() {
        return new PacketEvent();
    }

    @Override
    public PacketEvent copy(PacketEvent from) {
        return from.copy();
    }

    @Override
    public PacketEvent copy(PacketEvent from, PacketEvent reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PacketEvent p, DataOutputView out) throws IOException {
        out.writeUTF(p.capturePoint == null ? "" : p.capturePoint);
        out.writeLong(p.tsNanos);
        out.writeLong(p.fileOffset);
        out.writeByte(p.ipVersion);
        Addresses.write(p.srcIp, out);
        Addresses.write(p.dstIp, out);
        out.writeInt(p.srcPort);
        out.writeInt(p.dstPort);
        out.writeByte(p.proto);
        out.writeInt(p.ipId);
        out.writeShort(p.ttl);
        out.writeInt(p.payloadLen);
        out.writeInt(p.wireLen);
        out.writeInt(p.capturedLen);
        out.writeLong(p.tcpSeq);
        out.writeLong(p.tcpAck);
        out.writeShort(p.tcpFlags);
        out.writeInt(p.tcpWindow);
        out.writeLong(p.payloadDigest);
        out.writeInt(p.fragmentOffset);
        out.writeByte(p.flags);
    }

    @Override
    public PacketEvent deserialize(DataInputView in) throws IOException {
        return deserialize(new PacketEvent(), in);
    }

    @Override
    public PacketEvent deserialize(PacketEvent p, DataInputView in) throws IOException {
        String cp = in.readUTF();
        p.capturePoint = cp.isEmpty() ? null : cp;
        p.tsNanos = in.readLong();
        p.fileOffset = in.readLong();
        p.ipVersion = in.readByte();
        p.srcIp = Addresses.read(in);
        p.dstIp = Addresses.read(in);
        p.srcPort = in.readInt();
        p.dstPort = in.readInt();
        p.proto = in.readByte();
        p.ipId = in.readInt();
        p.ttl = in.readShort();
        p.payloadLen = in.readInt();
        p.wireLen = in.readInt();
        p.capturedLen = in.readInt();
        p.tcpSeq = in.readLong();
        p.tcpAck = in.readLong();
        p.tcpFlags = in.readShort();
        p.tcpWindow = in.readInt();
        p.payloadDigest = in.readLong();
        p.fragmentOffset = in.readInt();
        p.flags = in.readByte();
        return p;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PacketEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of format v1. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PacketEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
