package io.phalanx.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SummaryTableTest extends ReportTestBase {

    @Test
    void capturePointsShowPacketsAndSignedOffsetWithItsMethod() {
        String text = SummaryTable.render(delayScenario());

        assertThat(section(text, "Capture points"))
                .containsExactly(
                        "Capture points",
                        "  id    packets  clock offset ms  offset method",
                        "  hop1    20935            0.000  reference",
                        "  hop2    20935            0.000  two-way",
                        "  hop3    20935           -1.500  two-way",
                        "  hop4    20934           12.250  bounded");
    }

    @Test
    void pathsJoinCapturePointsInTravelOrderAndMarkAsymmetry() {
        String text = SummaryTable.render(delayScenario());

        assertThat(section(text, "Paths"))
                .containsExactly(
                        "Paths",
                        "  direction               capture points                conversations  packets",
                        "  10.77.1.2 -> 10.77.3.2  hop1 -> hop2 -> hop3 -> hop4             33    11547",
                        "  10.77.3.2 -> 10.77.1.2  hop4 -> hop3 -> hop1                     33     9388  ASYMMETRIC");
    }

    @Test
    void segmentsRoundLatencyToMicrosecondsAndRatiosToPercent() {
        String text = SummaryTable.render(delayScenario());

        // 40.4251 -> 40.425 and 40.99996 -> 41.000: three decimals, rounded half up.
        // 0.0297 -> 2.97 %: ratios become percentages with two decimals.
        assertThat(section(text, "Segments"))
                .containsExactly(
                        "Segments",
                        "  segment       packets  p50 ms  p95 ms  p99 ms  max ms  loss %  reorder %",
                        "  hop1 -> hop2    11547   0.031   0.088   0.102   0.331    2.97       0.00",
                        "  hop2 -> hop3    11204  40.425  40.518  40.536  41.000    0.00       0.14",
                        "  hop3 -> hop4        0       -       -       -       -    0.00       0.00");
    }

    @Test
    void worstConversationsRankByRetransmissionsThenLossThenRtt() {
        String text = SummaryTable.render(delayScenario());

        assertThat(section(text, "Worst 10 of 12 conversations"))
                .hasSize(12) // title, header, ten rows
                .element(0)
                .isEqualTo(
                        "Worst 10 of 12 conversations (by retransmissions, then loss, then RTT)");
        assertThat(section(text, "Worst").subList(1, 4))
                .containsExactly(
                        "  uid             proto  orig -> resp                       packets  conn_state"
                                + "  history   retrans  rtt ms",
                        "  CRetrans5       tcp    10.77.1.2:40003 -> 10.77.3.2:8080       40  SF        "
                                + "  ShADadFf        5  40.410",
                        "  CLossyRetrans2  tcp    10.77.1.2:40001 -> 10.77.3.2:8080       40  SF        "
                                + "  ShADadFf        2  40.430");
        // Equal retransmissions and no loss: the slower handshake first. Clean conversations by
        // RTT;
        // the lowest RTT and the UDP stream without one fall off the top ten.
        assertThat(section(text, "Worst").stream().skip(2).map(l -> l.trim().split(" ")[0]))
                .containsExactly(
                        "CRetrans5",
                        "CLossyRetrans2",
                        "CSlowRetrans2",
                        "CFastRetrans2",
                        "CClean07",
                        "CClean06",
                        "CClean05",
                        "CClean04",
                        "CClean03",
                        "CClean02");
    }

    @Test
    void conversationWithoutHandshakeOrWithIpv6ShowsAbsentRttAndBracketedAddress() {
        ReplayReport report = new ReplayReport();
        ReplayReport.Conversation ping = tcp("CPing", 0, 0, null);
        ping.proto = "icmp";
        ping.orig = new ReplayReport.Endpoint("2001:db8::1", 8);
        ping.resp = new ReplayReport.Endpoint("2001:db8::2", 0);
        ping.connState = "OTH";
        ping.history = null;
        ping.packets = 10;
        report.conversations.add(ping);

        assertThat(section(SummaryTable.render(report), "Conversations"))
                .containsExactly(
                        "Conversations (by retransmissions, then loss, then RTT)",
                        "  uid    proto  orig -> resp                        packets  conn_state  history"
                                + "  retrans  rtt ms",
                        "  CPing  icmp   [2001:db8::1]:8 -> [2001:db8::2]:0       10  OTH         -    "
                                + "          0       -");
    }

    @Test
    void deadLettersShowCountAndAtMostFiveSamples() {
        String text = SummaryTable.render(delayScenario());

        assertThat(section(text, "Dead letters"))
                .containsExactly(
                        "Dead letters: 7",
                        "  hop1.pcap [hop1] @168: truncated record",
                        "  hop1.pcap [hop1] @312: truncated record",
                        "  hop1.pcap [hop1] @456: truncated record",
                        "  hop1.pcap [hop1] @600: truncated record",
                        "  hop1.pcap [hop1] @744: truncated record",
                        "  ... 2 more");
    }

    @Test
    void headerNamesSchemaAndTotals() {
        assertThat(SummaryTable.render(delayScenario()).lines().limit(2))
                .containsExactly(
                        "Phalanx replay report (phalanx-replay-report/1, generated by phalanx"
                                + " 0.1.0-SNAPSHOT)",
                        "83739 packets observed (20935 distinct), 12 conversations, 0 late"
                                + " observations");
    }

    @Test
    void emptyReportSaysSoInEverySection() {
        String text = SummaryTable.render(new ReplayReport());

        assertThat(section(text, "Capture points"))
                .containsExactly("Capture points", "  (no capture points)");
        assertThat(section(text, "Paths")).containsExactly("Paths", "  (no paths discovered)");
        assertThat(section(text, "Segments"))
                .containsExactly("Segments", "  (no segments (a single capture point has none))");
        assertThat(section(text, "Conversations"))
                .containsExactly(
                        "Conversations (by retransmissions, then loss, then RTT)",
                        "  (no conversations)");
        assertThat(text).endsWith("\nDead letters: 0\n");
    }

    @Test
    void outputDoesNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma
            assertThat(SummaryTable.render(delayScenario())).contains("  40.425  ");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void lossBetweenHopsIgnoresCapturePointsThatNeverSawADirection() {
        ReplayReport.Conversation c = tcp("CAsym", 40001, 0, 1.0);
        c.hops.add(hop("hop1", 20, 18));
        c.hops.add(hop("hop2", 19, 0)); // return path bypasses hop2: not loss
        c.hops.add(hop("hop4", 19, 18));

        assertThat(SummaryTable.packetsLostBetweenHops(c)).isEqualTo(1);
    }
}
