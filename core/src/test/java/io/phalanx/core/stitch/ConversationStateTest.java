package io.phalanx.core.stitch;

import static io.phalanx.core.packet.PacketEvent.TCP_ACK;
import static io.phalanx.core.packet.PacketEvent.TCP_FIN;
import static io.phalanx.core.packet.PacketEvent.TCP_PSH;
import static io.phalanx.core.packet.PacketEvent.TCP_RST;
import static io.phalanx.core.packet.PacketEvent.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.report.ReplayReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationStateTest extends StitchTestBase {
    private static final List<String> CPS = List.of("hop1", "hop2");

    /**
     * Handshake, two data segments of which the first is lost between hop1 and hop2 and
     * retransmitted (new IP ID), the server's ACK, and a FIN exchange. hop2 is 1 ms downstream.
     */
    private List<PacketEvent> lossyTransfer() {
        List<PacketEvent> s = new ArrayList<>();
        PacketEvent syn = packet(true, TCP_SYN, 1000, 0, 0);
        PacketEvent synAck = packet(false, TCP_SYN | TCP_ACK, 5000, 1001, 0);
        PacketEvent ack = packet(true, TCP_ACK, 1001, 5001, 0);
        PacketEvent data1 = packet(true, TCP_ACK | TCP_PSH, 1001, 5001, 100);
        PacketEvent data2 = packet(true, TCP_ACK | TCP_PSH, 1101, 5001, 100);
        PacketEvent retrans = packet(true, TCP_ACK | TCP_PSH, 1001, 5001, 100);
        PacketEvent srvAck = packet(false, TCP_ACK, 5001, 1201, 0);
        PacketEvent fin = packet(true, TCP_FIN | TCP_ACK, 1201, 5001, 0);
        PacketEvent finAck = packet(false, TCP_FIN | TCP_ACK, 5001, 1202, 0);
        PacketEvent last = packet(true, TCP_ACK, 1202, 5002, 0);
        s.add(at(syn, "hop1", 0));
        s.add(at(syn, "hop2", 1));
        s.add(at(synAck, "hop2", 3));
        s.add(at(synAck, "hop1", 4));
        s.add(at(ack, "hop1", 5));
        s.add(at(ack, "hop2", 6));
        s.add(at(data1, "hop1", 10)); // lost after hop1
        s.add(at(data2, "hop1", 11));
        s.add(at(data2, "hop2", 12));
        s.add(at(retrans, "hop1", 210));
        s.add(at(retrans, "hop2", 211));
        s.add(at(srvAck, "hop2", 213));
        s.add(at(srvAck, "hop1", 214));
        s.add(at(fin, "hop1", 300));
        s.add(at(fin, "hop2", 301));
        s.add(at(finAck, "hop2", 303));
        s.add(at(finAck, "hop1", 304));
        s.add(at(last, "hop1", 305));
        s.add(at(last, "hop2", 306));
        return s;
    }

    @Test
    void zeekSummaryOfAFullConversation() {
        ConversationState s = stitch(CPS, lossyTransfer());
        ReplayReport.Conversation c = ConversationSummaries.summarize(s, CPS);
        assertThat(c.orig.ip).isEqualTo("10.77.1.2");
        assertThat(c.orig.port).isEqualTo(CLIENT_PORT);
        assertThat(c.connState).isEqualTo("SF");
        assertThat(c.history).isEqualTo("ShADTaFf");
        assertThat(c.packets).as("distinct packets, not sightings").isEqualTo(10);
        assertThat(c.origPackets).isEqualTo(7);
        assertThat(c.respPackets).isEqualTo(3);
        assertThat(c.origBytes).isEqualTo(7 * 54 + 300);
        assertThat(c.retransmissions)
                .as("one real retransmission, not the same packet at hop2")
                .isEqualTo(1);
        assertThat(c.rttMs).isCloseTo(5.0, within(1e-9));
        assertThat(c.hops).extracting(h -> h.capturePoint).containsExactly("hop1", "hop2");
        assertThat(c.hops.get(0).handshakeRttMs).isCloseTo(4.0, within(1e-9));
        assertThat(c.hops.get(1).handshakeRttMs).isCloseTo(2.0, within(1e-9));
        assertThat(c.hops.get(0).origPackets).isEqualTo(7);
        assertThat(c.hops.get(1).origPackets).isEqualTo(6);
        assertThat(c.communityId).isEqualTo("1:Nr7y8Qg1x7o2yxp1sX7wf6CC/v4=");
    }

    @Test
    void lossDelayAndOrderAreCountedPerPair() {
        ConversationState s = stitch(CPS, lossyTransfer());
        PairStats toServer = s.pair(0, 0, 1); // canonical a = 10.77.1.2 = client
        assertThat(toServer.both).isEqualTo(6);
        assertThat(toServer.onlyA).isEqualTo(1);
        assertThat(toServer.onlyB).isZero();
        assertThat(toServer.digest().quantile(0.5)).isCloseTo(1.0, within(1e-6));
        assertThat(toServer.reorderedAUp).isZero();
        PairStats toClient = s.pair(1, 0, 1);
        assertThat(toClient.both).isEqualTo(3);
        assertThat(toClient.digest().quantile(0.5)).isCloseTo(-1.0, within(1e-6));
    }

    @Test
    void theResultDoesNotDependOnArrivalOrder() {
        List<PacketEvent> sightings = lossyTransfer();
        String expected = summaryLine(stitch(CPS, sightings));
        for (long seed = 1; seed <= 50; seed++) {
            List<PacketEvent> shuffled = new ArrayList<>(sightings);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            assertThat(summaryLine(stitch(CPS, shuffled))).as("seed %d", seed).isEqualTo(expected);
        }
    }

    private static String summaryLine(ConversationState s) {
        ReplayReport.Conversation c = ConversationSummaries.summarize(s, CPS);
        PairStats p = s.pair(0, 0, 1);
        return c.connState
                + " "
                + c.history
                + " "
                + c.packets
                + " "
                + c.retransmissions
                + " "
                + c.rttMs
                + " "
                + p.both
                + "/"
                + p.onlyA
                + "/"
                + p.onlyB;
    }

    @Test
    void resetAnswerToSynIsRejected() {
        PacketEvent syn = packet(true, TCP_SYN, 1, 0, 0);
        PacketEvent rst = packet(false, TCP_RST | TCP_ACK, 0, 2, 0);
        ConversationState s = stitch(CPS, List.of(at(syn, "hop1", 0), at(rst, "hop1", 1)));
        assertThat(ConversationSummaries.summarize(s, CPS).connState).isEqualTo("REJ");
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void midstreamTrafficIsOth() {
        PacketEvent data = packet(false, TCP_ACK, 77, 88, 10);
        ConversationState s = stitch(CPS, List.of(at(data, "hop2", 0)));
        ReplayReport.Conversation c = ConversationSummaries.summarize(s, CPS);
        assertThat(c.connState).isEqualTo("OTH");
        assertThat(c.orig.ip).as("first sender is orig without a SYN").isEqualTo("10.77.3.2");
        assertThat(c.history).isEqualTo("D");
    }
}
