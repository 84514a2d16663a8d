package io.phalanx.core.stitch;

import io.phalanx.core.flow.CommunityId;
import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.flow.Protocols;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.report.ReplayReport;
import java.util.ArrayList;
import java.util.List;

/** Zeek-style summary of one stitched conversation, as the report lists it. */
public final class ConversationSummaries {
    private ConversationSummaries() {}

    private static final String BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /**
     * The originator's direction: the sender of the first SYN, else the receiver of the first
     * SYN-ACK, else the sender of the first packet.
     */
    public static int origDir(ConversationState s) {
        if (s.synDir >= 0) {
            return s.synDir;
        }
        if (s.synAckDir >= 0) {
            return 1 - s.synAckDir;
        }
        return Math.max(0, s.firstDir);
    }

    public static ReplayReport.Conversation summarize(
            ConversationState s, List<String> capturePoints) {
        int od = origDir(s);
        int rd = 1 - od;
        ReplayReport.Conversation c = new ReplayReport.Conversation();
        byte[] origIp = od == 0 ? s.ipA : s.ipB;
        byte[] respIp = od == 0 ? s.ipB : s.ipA;
        int origPort = od == 0 ? s.portA : s.portB;
        int respPort = od == 0 ? s.portB : s.portA;
        c.orig = new ReplayReport.Endpoint(IpAddresses.format(origIp), origPort);
        c.resp = new ReplayReport.Endpoint(IpAddresses.format(respIp), respPort);
        c.proto = Protocols.name(s.proto & 0xff);
        c.communityId = CommunityId.v1(origIp, origPort, respIp, respPort, s.proto & 0xff);
        c.uid = uid(s);
        c.packets = s.dirs[0].packets + s.dirs[1].packets;
        c.bytes = s.dirs[0].bytes + s.dirs[1].bytes;
        c.origPackets = s.dirs[od].packets;
        c.origBytes = s.dirs[od].bytes;
        c.respPackets = s.dirs[rd].packets;
        c.respBytes = s.dirs[rd].bytes;
        c.retransmissions = s.dirs[0].retransmissions + s.dirs[1].retransmissions;
        c.zeroWindows = s.dirs[0].zeroWindows + s.dirs[1].zeroWindows;
        c.resets = s.dirs[0].resets + s.dirs[1].resets;
        c.history = history(s, od);
        c.connState = connState(s, od, rd);
        c.startNanos = s.firstTs;
        c.durationMs = (s.lastTs - s.firstTs) / 1e6;
        List<Double> rtts = new ArrayList<>();
        for (int i = 0; i < s.hops.length; i++) {
            HopStats h = s.hops[i];
            if (h.totalPackets() == 0) {
                continue;
            }
            ReplayReport.Hop hop = new ReplayReport.Hop();
            hop.capturePoint = capturePoints.get(i);
            hop.origPackets = h.packets[od];
            hop.respPackets = h.packets[rd];
            if (h.synTs != PendingPacket.UNSEEN && h.synAckTs != PendingPacket.UNSEEN) {
                hop.handshakeRttMs = (h.synAckTs - h.synTs) / 1e6;
            }
            if (h.synTs != PendingPacket.UNSEEN && h.ackTs != PendingPacket.UNSEEN) {
                rtts.add((h.ackTs - h.synTs) / 1e6);
            }
            c.hops.add(hop);
        }
        if (!rtts.isEmpty()) {
            rtts.sort(Double::compare);
            c.rttMs = rtts.get(rtts.size() / 2);
        }
        return c;
    }

    /** Deterministic Zeek-like uid: "C" + 17 base62 characters of the tuple and start time. */
    static String uid(ConversationState s) {
        PacketEvent p = new PacketEvent();
        p.srcIp = s.ipA;
        p.dstIp = s.ipB;
        p.srcPort = s.portA;
        p.dstPort = s.portB;
        p.proto = s.proto;
        long h = ConversationKey.hash(p) ^ (s.firstTs * 0x9E3779B97F4A7C15L);
        StringBuilder sb = new StringBuilder("C");
        long v = h;
        for (int i = 0; i < 11; i++) {
            sb.append(BASE62.charAt((int) Long.remainderUnsigned(v, 62)));
            v = Long.divideUnsigned(v, 62);
        }
        long w = Long.rotateLeft(h, 29) * 0xbf58476d1ce4e5b9L;
        for (int i = 0; i < 6; i++) {
            sb.append(BASE62.charAt((int) Long.remainderUnsigned(w, 62)));
            w = Long.divideUnsigned(w, 62);
        }
        return sb.toString();
    }

    private static String history(ConversationState s, int od) {
        String h = s.history;
        if (od == 1) {
            StringBuilder sb = new StringBuilder();
            for (char ch : h.toCharArray()) {
                sb.append(
                        Character.isUpperCase(ch)
                                ? Character.toLowerCase(ch)
                                : Character.toUpperCase(ch));
            }
            h = sb.toString();
        }
        // Zeek marks conversations whose originator is not the first sender with '^'.
        return (s.firstDir >= 0 && s.firstDir != od ? "^" : "") + h;
    }

    /** Zeek's conn_state from what each side did. */
    static String connState(ConversationState s, int od, int rd) {
        DirectionStats o = s.dirs[od];
        DirectionStats r = s.dirs[rd];
        if (s.proto != PacketEvent.PROTO_TCP) {
            return r.packets > 0 && o.packets > 0 ? "SF" : "S0";
        }
        boolean synO = History.has(o.historyMask, History.SYN);
        boolean synAckR = History.has(r.historyMask, History.SYN_ACK);
        boolean finO = History.has(o.historyMask, History.FIN);
        boolean finR = History.has(r.historyMask, History.FIN);
        boolean rstO = History.has(o.historyMask, History.RST);
        boolean rstR = History.has(r.historyMask, History.RST);
        if (synO && !synAckR) {
            if (rstO) {
                return "RSTOS0";
            }
            if (rstR) {
                return "REJ";
            }
            if (finO) {
                return "SH";
            }
            return "S0";
        }
        if (!synO && synAckR) {
            if (rstR) {
                return "RSTRH";
            }
            if (finR) {
                return "SHR";
            }
            return "OTH";
        }
        if (!synO) {
            return "OTH";
        }
        if (rstO) {
            return "RSTO";
        }
        if (rstR) {
            return "RSTR";
        }
        if (finO && finR) {
            return "SF";
        }
        if (finO) {
            return "S2";
        }
        if (finR) {
            return "S3";
        }
        return "S1";
    }
}
