package io.phalanx.jobs.replay.functions;

import static io.phalanx.core.packet.PacketEvent.TCP_ACK;
import static io.phalanx.core.packet.PacketEvent.TCP_FIN;
import static io.phalanx.core.packet.PacketEvent.TCP_PSH;
import static io.phalanx.core.packet.PacketEvent.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.ConversationState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The stitching operator's state and timers drain to zero, whatever the arrival order. */
class HopStitcherTest {
    private static final long T0_MS = 1_795_705_125_000L;
    private static final long WINDOW_MS = 1_000;
    private static final long IDLE_MS = 60_000;
    private static final List<String> CPS = List.of("hop1", "hop2", "hop3");

    private int ipId = 1;

    private PacketEvent packet(boolean toServer, int flags, long seq, long ack, int len) {
        PacketEvent p = new PacketEvent();
        p.ipVersion = 4;
        p.proto = PacketEvent.PROTO_TCP;
        p.srcIp = IpAddresses.parse(toServer ? "10.0.0.1" : "10.0.9.9");
        p.dstIp = IpAddresses.parse(toServer ? "10.0.9.9" : "10.0.0.1");
        p.srcPort = toServer ? 40000 : 443;
        p.dstPort = toServer ? 443 : 40000;
        p.tcpFlags = flags;
        p.tcpSeq = seq;
        p.tcpAck = ack;
        p.tcpWindow = 1000;
        p.payloadLen = len;
        p.wireLen = 54 + len;
        p.ipId = ipId++;
        return p;
    }

    /** The packet seen at hop1, hop2, hop3 (in travel order) 0.5 ms apart, starting at ms. */
    private static List<PacketEvent> along(PacketEvent p, boolean toServer, double ms) {
        List<PacketEvent> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PacketEvent c = p.copy();
            c.capturePoint = CPS.get(toServer ? i : 2 - i);
            c.tsNanos = (T0_MS * 1_000_000L) + Math.round((ms + 0.5 * i) * 1e6);
            out.add(c);
        }
        return out;
    }

    private List<PacketEvent> conversation(boolean closed) {
        List<PacketEvent> s = new ArrayList<>();
        s.addAll(along(packet(true, TCP_SYN, 10, 0, 0), true, 0));
        s.addAll(along(packet(false, TCP_SYN | TCP_ACK, 70, 11, 0), false, 5));
        s.addAll(along(packet(true, TCP_ACK, 11, 71, 0), true, 10));
        s.addAll(along(packet(true, TCP_ACK | TCP_PSH, 11, 71, 500), true, 2_500));
        s.addAll(along(packet(false, TCP_ACK, 71, 511, 0), false, 2_505));
        if (closed) {
            s.addAll(along(packet(true, TCP_FIN | TCP_ACK, 511, 71, 0), true, 4_000));
            s.addAll(along(packet(false, TCP_FIN | TCP_ACK, 71, 512, 0), false, 4_005));
            s.addAll(along(packet(true, TCP_ACK, 512, 72, 0), true, 4_010));
        }
        return s;
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, PacketEvent, ConversationState>
            harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, PacketEvent, ConversationState> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new HopStitcher(CPS, WINDOW_MS, IDLE_MS)),
                        ConversationKey::hash,
                        Types.LONG);
        h.open();
        return h;
    }

    private static List<ConversationState> emitted(
            KeyedOneInputStreamOperatorTestHarness<Long, PacketEvent, ConversationState> h) {
        List<ConversationState> out = new ArrayList<>();
        for (StreamRecord<? extends ConversationState> r : h.extractOutputStreamRecords()) {
            out.add(r.getValue());
        }
        return out;
    }

    @Test
    void everyArrivalOrderGivesOneConversationAndDrainsStateAndTimers() throws Exception {
        List<PacketEvent> sightings = conversation(true);
        for (long seed = 0; seed < 40; seed++) {
            List<PacketEvent> order = new ArrayList<>(sightings);
            Collections.shuffle(order, new Random(seed));
            try (var h = harness()) {
                for (PacketEvent p : order) {
                    h.processElement(p, p.tsNanos / 1_000_000L);
                }
                assertThat(h.numKeyedStateEntries()).isPositive();
                // closed at ~4.0 s: emitted two windows later, long before the idle timeout
                h.processWatermark(T0_MS + 4_010 + 3 * WINDOW_MS);
                List<ConversationState> out = emitted(h);
                assertThat(out).as("seed %d", seed).hasSize(1);
                ConversationState c = out.get(0);
                assertThat(c.dirs[0].packets + c.dirs[1].packets).isEqualTo(8);
                assertThat(c.hops).allSatisfy(hop -> assertThat(hop.totalPackets()).isEqualTo(8));
                assertThat(c.dirs[0].retransmissions + c.dirs[1].retransmissions).isZero();
                assertThat(h.numKeyedStateEntries()).as("state drained, seed %d", seed).isZero();
                assertThat(h.numEventTimeTimers()).as("timers drained, seed %d", seed).isZero();
            }
        }
    }

    @Test
    void anOpenConversationEndsAfterTheIdleTimeout() throws Exception {
        try (var h = harness()) {
            for (PacketEvent p : conversation(false)) {
                h.processElement(p, p.tsNanos / 1_000_000L);
            }
            h.processWatermark(T0_MS + 2_505 + IDLE_MS - 2 * WINDOW_MS);
            assertThat(emitted(h)).as("not idle yet").isEmpty();
            assertThat(h.numKeyedStateEntries())
                    .as("pending packets folded in, conversation kept")
                    .isEqualTo(1);
            h.processWatermark(T0_MS + 2_505 + IDLE_MS + 2 * WINDOW_MS);
            assertThat(emitted(h)).hasSize(1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void endOfInputFlushesEverything() throws Exception {
        try (var h = harness()) {
            for (PacketEvent p : conversation(false)) {
                h.processElement(p, p.tsNanos / 1_000_000L);
            }
            h.processWatermark(Long.MAX_VALUE);
            assertThat(emitted(h)).hasSize(1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
