package io.phalanx.jobs.replay.functions;

import static io.phalanx.core.packet.PacketEvent.TCP_ACK;
import static io.phalanx.core.packet.PacketEvent.TCP_FIN;
import static io.phalanx.core.packet.PacketEvent.TCP_PSH;
import static io.phalanx.core.packet.PacketEvent.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /**
     * Every one of the 6! = 720 arrival orders of a SYN, its retransmission reusing the same IP ID
     * (so the same packet identity) and the RST answer, each seen at hop1 and hop2: always one
     * conversation of three packets with one retransmission, and nothing left behind.
     */
    @Test
    void everyArrivalOrderOfASmallConversationDrains() throws Exception {
        PacketEvent syn = packet(true, TCP_SYN, 10, 0, 0);
        PacketEvent again = syn.copy(); // same IP ID, seq and flags: same identity
        PacketEvent rst = packet(false, PacketEvent.TCP_RST | TCP_ACK, 0, 11, 0);
        List<PacketEvent> sightings = new ArrayList<>();
        sightings.addAll(along(syn, true, 0).subList(0, 2));
        sightings.addAll(along(again, true, 300).subList(0, 2));
        sightings.addAll(along(rst, false, 301).subList(1, 3));
        List<List<PacketEvent>> orders = new ArrayList<>();
        permutations(sightings, 0, orders);
        assertThat(orders).hasSize(720);
        for (List<PacketEvent> order : orders) {
            try (var h = harness()) {
                for (PacketEvent p : order) {
                    h.processElement(p, p.tsNanos / 1_000_000L);
                }
                h.processWatermark(Long.MAX_VALUE);
                List<ConversationState> out = emitted(h);
                assertThat(out).as("order %s", order).hasSize(1);
                ConversationState c = out.get(0);
                assertThat(c.dirs[0].packets).isEqualTo(2);
                assertThat(c.dirs[1].packets).isEqualTo(1);
                assertThat(c.dirs[0].retransmissions).isEqualTo(1);
                assertThat(c.pair(0, 0, 1).both).as("each SYN matched across hops").isEqualTo(2);
                assertThat(c.pair(0, 0, 1).digest().quantile(0.5)).isCloseTo(0.5, within(1e-6));
                assertThat(h.numKeyedStateEntries()).isZero();
                assertThat(h.numEventTimeTimers()).isZero();
            }
        }
    }

    private static void permutations(List<PacketEvent> items, int k, List<List<PacketEvent>> out) {
        if (k == items.size()) {
            out.add(new ArrayList<>(items));
            return;
        }
        for (int i = k; i < items.size(); i++) {
            Collections.swap(items, k, i);
            permutations(items, k + 1, out);
            Collections.swap(items, k, i);
        }
    }

    /**
     * Checkpointed in the middle of a conversation on RocksDB and restored into a fresh operator:
     * the conversation comes out exactly as without the restore, and no timer is left.
     */
    @Test
    void aRestoredStitcherFinishesTheConversationAsIfNothingHappened() throws Exception {
        List<PacketEvent> sightings = conversation(true);
        ConversationState expected;
        try (var h = harness()) {
            for (PacketEvent p : sightings) {
                h.processElement(p, p.tsNanos / 1_000_000L);
            }
            h.processWatermark(Long.MAX_VALUE);
            expected = emitted(h).get(0);
        }
        int half = sightings.size() / 2;
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = rocksDbHarness(null)) {
            for (PacketEvent p : sightings.subList(0, half)) {
                h.processElement(p, p.tsNanos / 1_000_000L);
            }
            h.processWatermark(T0_MS + 1_200); // the handshake's window has closed
            assertThat(emitted(h)).isEmpty();
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = rocksDbHarness(snapshot)) {
            for (PacketEvent p : sightings.subList(half, sightings.size())) {
                h.processElement(p, p.tsNanos / 1_000_000L);
            }
            h.processWatermark(Long.MAX_VALUE);
            List<ConversationState> out = emitted(h);
            assertThat(out).hasSize(1);
            assertThat(out.get(0))
                    .usingRecursiveComparison()
                    .ignoringFields("scheduledCheckMs")
                    .isEqualTo(expected);
            // The harness counts state entries on heap backends only; the heap tests above prove
            // the drain, this one the restore.
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, PacketEvent, ConversationState>
            rocksDbHarness(org.apache.flink.runtime.checkpoint.OperatorSubtaskState restoreFrom)
                    throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, PacketEvent, ConversationState> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new HopStitcher(CPS, WINDOW_MS, IDLE_MS)),
                        ConversationKey::hash,
                        Types.LONG);
        h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend(true));
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
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
