package io.phalanx.core.stitch;

import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one TCP conversation between a client and a server as seen at capture points hop1 (near
 * the client) and hop2, with intent-revealing factories. Times are in ms from T0.
 */
abstract class StitchTestBase {
    static final long T0 = 1_795_705_125_000_000_000L;
    static final byte[] CLIENT = IpAddresses.parse("10.77.1.2");
    static final byte[] SERVER = IpAddresses.parse("10.77.3.2");
    static final int CLIENT_PORT = 44984;
    static final int SERVER_PORT = 8080;

    private int nextIpId = 100;

    /** A packet from the client (toServer) or the server, leaving with the given flags. */
    PacketEvent packet(boolean toServer, int flags, long seq, long ack, int len) {
        PacketEvent p = new PacketEvent();
        p.ipVersion = 4;
        p.proto = PacketEvent.PROTO_TCP;
        p.srcIp = toServer ? CLIENT : SERVER;
        p.dstIp = toServer ? SERVER : CLIENT;
        p.srcPort = toServer ? CLIENT_PORT : SERVER_PORT;
        p.dstPort = toServer ? SERVER_PORT : CLIENT_PORT;
        p.tcpFlags = flags;
        p.tcpSeq = seq;
        p.tcpAck = ack;
        p.tcpWindow = 64240;
        p.payloadLen = len;
        p.wireLen = 54 + len;
        p.ipId = nextIpId++;
        return p;
    }

    static PacketEvent at(PacketEvent p, String capturePoint, double ms) {
        PacketEvent c = p.copy();
        c.capturePoint = capturePoint;
        c.tsNanos = T0 + Math.round(ms * 1e6);
        return c;
    }

    /** Stitches sightings the way the Flink operator does, finalising everything at the end. */
    static ConversationState stitch(List<String> capturePoints, List<PacketEvent> sightings) {
        SightingAssembler assembler = new SightingAssembler(capturePoints.size());
        for (PacketEvent p : sightings) {
            boolean flipped = ConversationKey.isFlipped(p);
            assembler.add(Sighting.of(p, capturePoints.indexOf(p.capturePoint), flipped, false));
        }
        List<SightingAssembler.Copy> copies = assembler.copies();
        ConversationState s = ConversationState.start(copies.get(0).any(), capturePoints.size());
        List<PendingPacket> batch = new ArrayList<>();
        for (SightingAssembler.Copy c : copies) {
            batch.add(c.packet());
        }
        s.absorb(batch);
        return s;
    }
}
