package io.phalanx.connectors.pcap;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.packet.PacketEvent;

/**
 * What a capture source emits: either a decoded packet or a dead letter, exactly one of them
 * non-null. Dead letters travel in the same stream, in file order, so that one downstream
 * ProcessFunction can route them to a side output without a second source. Flink POJO.
 */
public class CaptureRecord {
    public PacketEvent packet;
    public DeadLetter deadLetter;

    public CaptureRecord() {}

    public static CaptureRecord of(PacketEvent packet) {
        CaptureRecord r = new CaptureRecord();
        r.packet = packet;
        return r;
    }

    public static CaptureRecord of(DeadLetter deadLetter) {
        CaptureRecord r = new CaptureRecord();
        r.deadLetter = deadLetter;
        return r;
    }

    public boolean isPacket() {
        return packet != null;
    }

    @Override
    public String toString() {
        return packet != null ? packet.toString() : "dead letter " + deadLetter;
    }
}
