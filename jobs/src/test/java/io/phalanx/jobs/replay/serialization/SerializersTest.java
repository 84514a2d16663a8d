package io.phalanx.jobs.replay.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.Sighting;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The hand-written serializers lose nothing, for IPv4 and IPv6, at the edges of every field. */
class SerializersTest {
    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("everything written is read").isZero();
        return back;
    }

    private static PacketEvent event(Random r, boolean v6) {
        PacketEvent p = new PacketEvent();
        p.capturePoint = "edge-fw-in";
        p.tsNanos = 1_795_705_125_000_000_000L + r.nextInt(1_000_000_000);
        p.fileOffset = r.nextInt(Integer.MAX_VALUE) * 7L;
        p.ipVersion = (byte) (v6 ? 6 : 4);
        p.srcIp = IpAddresses.parse(v6 ? "2001:db8::1" : "10.77.1.2");
        p.dstIp = IpAddresses.parse(v6 ? "2001:db8::ff" : "10.77.3.2");
        p.srcPort = 65535;
        p.dstPort = r.nextInt(65536);
        p.proto = PacketEvent.PROTO_TCP;
        p.ipId = r.nextBoolean() ? -1 : r.nextInt(65536);
        p.ttl = 255;
        p.payloadLen = r.nextInt(65536);
        p.wireLen = p.payloadLen + 54;
        p.capturedLen = 128;
        p.tcpSeq = 0xffffffffL;
        p.tcpAck = r.nextInt() & 0xffffffffL;
        p.tcpFlags = 0x1ff;
        p.tcpWindow = 65535;
        p.payloadDigest = r.nextLong();
        p.fragmentOffset = 1480;
        p.flags = PacketEvent.FLAG_TRUNCATED;
        return p;
    }

    @Test
    void packetEventsRoundTrip() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            PacketEvent p = event(r, i % 2 == 0);
            assertThat(roundTrip(PacketEventSerializer.INSTANCE, p))
                    .usingRecursiveComparison()
                    .isEqualTo(p);
        }
    }

    @Test
    void sightingsRoundTrip() throws Exception {
        Random r = new Random(11);
        for (int i = 0; i < 200; i++) {
            PacketEvent p = event(r, i % 2 == 0);
            Sighting s = Sighting.of(p, 63, i % 3 == 0, i % 5 == 0);
            assertThat(roundTrip(SightingSerializer.INSTANCE, s))
                    .usingRecursiveComparison()
                    .isEqualTo(s);
        }
    }

    @Test
    void snapshotsRestoreTheSameSerializer() {
        assertThat(SightingSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(SightingSerializer.INSTANCE);
        assertThat(PacketEventSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(PacketEventSerializer.INSTANCE);
    }
}
