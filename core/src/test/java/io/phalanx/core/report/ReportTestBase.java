package io.phalanx.core.report;

import java.util.List;

/**
 * Hand-built reports for the report tests, shaped like the {@code delay-40ms-fwd-r2-server} sample
 * set: client 10.77.1.2, server 10.77.3.2, four capture points, 40 ms of extra delay on hop2 ->
 * hop3 and some loss on hop1 -> hop2. Values are chosen so rounding is unambiguous (no value sits
 * on a rounding boundary) unless a test says otherwise.
 */
abstract class ReportTestBase {
    static final String CLIENT = "10.77.1.2";
    static final String SERVER = "10.77.3.2";

    static ReplayReport.CapturePoint capturePoint(
            String id, long packets, double offsetMs, String method) {
        return new ReplayReport.CapturePoint(id, packets, offsetMs, method);
    }

    static ReplayReport.Path path(
            String direction, long conversations, long packets, boolean asym, String... hops) {
        ReplayReport.Path p = new ReplayReport.Path();
        p.direction = direction;
        p.capturePoints.addAll(List.of(hops));
        p.conversations = conversations;
        p.packets = packets;
        p.asymmetric = asym;
        return p;
    }

    static ReplayReport.Segment segment(
            String from,
            String to,
            long packets,
            ReplayReport.Latency latency,
            double lossRatio,
            double reorderRatio) {
        ReplayReport.Segment s = new ReplayReport.Segment();
        s.from = from;
        s.to = to;
        s.packets = packets;
        s.latencyMs = latency;
        s.lossRatio = lossRatio;
        s.reorderRatio = reorderRatio;
        return s;
    }

    static ReplayReport.Latency latency(
            double min, double p50, double p95, double p99, double max) {
        ReplayReport.Latency l = new ReplayReport.Latency();
        l.min = min;
        l.p50 = p50;
        l.p95 = p95;
        l.p99 = p99;
        l.max = max;
        return l;
    }

    /** An HTTP-like TCP conversation from the client's ephemeral port to the server's 8080. */
    static ReplayReport.Conversation tcp(
            String uid, int clientPort, long retransmissions, Double rttMs) {
        ReplayReport.Conversation c = new ReplayReport.Conversation();
        c.uid = uid;
        c.communityId = "1:" + uid;
        c.proto = "tcp";
        c.orig = new ReplayReport.Endpoint(CLIENT, clientPort);
        c.resp = new ReplayReport.Endpoint(SERVER, 8080);
        c.packets = 40;
        c.bytes = 4_200;
        c.connState = "SF";
        c.history = "ShADadFf";
        c.retransmissions = retransmissions;
        c.rttMs = rttMs;
        c.startNanos = 1_795_705_124_901_402_629L;
        c.durationMs = 41.5;
        return c;
    }

    static ReplayReport.Hop hop(String capturePoint, long origPackets, long respPackets) {
        ReplayReport.Hop h = new ReplayReport.Hop();
        h.capturePoint = capturePoint;
        h.origPackets = origPackets;
        h.respPackets = respPackets;
        h.handshakeRttMs = capturePoint.equals("hop4") ? 0.031 : 40.42;
        return h;
    }

    /** The delay scenario: every section populated, the sort keys of conversations distinct. */
    static ReplayReport delayScenario() {
        ReplayReport r = new ReplayReport();
        r.generatedBy = "phalanx 0.1.0-SNAPSHOT";
        r.capturePoints.add(capturePoint("hop1", 20935, 0.0, "reference"));
        r.capturePoints.add(capturePoint("hop2", 20935, 0.0, "two-way"));
        r.capturePoints.add(capturePoint("hop3", 20935, -1.5, "two-way"));
        r.capturePoints.add(capturePoint("hop4", 20934, 12.25, "bounded"));

        r.paths.add(
                path(CLIENT + " -> " + SERVER, 33, 11547, false, "hop1", "hop2", "hop3", "hop4"));
        r.paths.add(path(SERVER + " -> " + CLIENT, 33, 9388, true, "hop4", "hop3", "hop1"));

        r.segments.add(
                segment(
                        "hop1",
                        "hop2",
                        11547,
                        latency(0.011, 0.0312, 0.0884, 0.1021, 0.3307),
                        0.0297,
                        0.0));
        r.segments.add(
                segment(
                        "hop2",
                        "hop3",
                        11204,
                        latency(40.301, 40.4251, 40.5177, 40.5363, 40.99996),
                        0.0,
                        0.0014));
        // No packet matched across this segment: no latency, not zero latency.
        r.segments.add(segment("hop3", "hop4", 0, null, 0.0, 0.0));

        ReplayReport.Conversation lossy = tcp("CLossyRetrans2", 40001, 2, 40.43);
        lossy.hops.add(hop("hop1", 20, 20));
        lossy.hops.add(hop("hop2", 17, 20)); // three of the client's packets lost on hop1 -> hop2
        lossy.hops.add(hop("hop4", 17, 20));
        r.conversations.add(tcp("CClean01", 40101, 0, 0.1));
        r.conversations.add(tcp("CSlowRetrans2", 40002, 2, 80.5));
        r.conversations.add(lossy);
        for (int i = 2; i <= 7; i++) {
            r.conversations.add(tcp("CClean0" + i, 40100 + i, 0, i / 10.0));
        }
        r.conversations.add(tcp("CRetrans5", 40003, 5, 40.41));
        r.conversations.add(tcp("CFastRetrans2", 40004, 2, 0.5));
        ReplayReport.Conversation udp = tcp("CUdpStream", 40200, 0, null);
        udp.proto = "udp";
        udp.connState = "S0";
        udp.history = "D";
        r.conversations.add(udp);

        r.totals.packets = 83739;
        r.totals.distinctPackets = 20935;
        r.totals.conversations = r.conversations.size();
        r.totals.lateObservations = 0;

        r.deadLetters.count = 7;
        for (int i = 1; i <= 6; i++) {
            r.deadLetters.sample.add("hop1.pcap [hop1] @" + (24 + i * 144) + ": truncated record");
        }
        return r;
    }

    /** The lines of {@code text} from the one titled {@code title} up to the next blank line. */
    static List<String> section(String text, String title) {
        List<String> lines = text.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(title)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new AssertionError("no section '" + title + "' in:\n" + text);
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        return lines.subList(start, end);
    }
}
