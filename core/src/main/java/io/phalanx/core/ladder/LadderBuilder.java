package io.phalanx.core.ladder;

import io.phalanx.core.flow.CommunityId;
import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.PendingPacket;
import io.phalanx.core.stitch.Sighting;
import io.phalanx.core.stitch.SightingAssembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the {@link Ladder} of one conversation from the packets of every capture point. Packets of
 * other conversations are ignored, so the caller can stream whole capture files through {@link
 * #accept}. The same packet is recognised across capture points by {@link
 * io.phalanx.core.stitch.PacketIdentity}, as the stitching job does ({@link SightingAssembler}), so
 * a retransmission that reuses an identity becomes a second copy.
 *
 * <p>Assumptions: the lanes are the capture points in the order the originator's packets pass them,
 * and the responder's packets pass them in reverse (an asymmetric path shows as copies that skip a
 * lane, which then count as lost only when the last lane of their direction is missing). Clock
 * offsets are those of the report (recorded = true + offset); capture points without one are taken
 * as the reference. The conversation is selected by its Community ID and, since a five-tuple can be
 * reused, by a time window around its start and duration.
 */
public final class LadderBuilder {
    private final String communityId;
    private final List<String> lanes;
    private final long[] offsetNanos;
    private final long fromNanos;
    private final long toNanos;
    private final SightingAssembler assembler;
    private byte[] origIp;
    private int origPort = -1;
    private String orig;
    private String resp;
    private long accepted;

    /**
     * @param lanes capture point ids in the originator's order of travel
     * @param clockOffsetsMs per capture point, recorded minus true time (ms); missing = 0
     * @param fromNanos first recorded time to consider (inclusive), e.g. the start minus the match
     *     window
     * @param toNanos last recorded time to consider (inclusive)
     */
    public LadderBuilder(
            String communityId,
            List<String> lanes,
            Map<String, Double> clockOffsetsMs,
            long fromNanos,
            long toNanos) {
        this.communityId = Objects.requireNonNull(communityId, "communityId");
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one capture point");
        }
        this.lanes = List.copyOf(lanes);
        this.offsetNanos = new long[lanes.size()];
        for (int i = 0; i < lanes.size(); i++) {
            Double ms = clockOffsetsMs.get(lanes.get(i));
            offsetNanos[i] = ms == null ? 0 : Math.round(ms * 1e6);
        }
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.assembler = new SightingAssembler(lanes.size());
    }

    /**
     * Declares the originator, so {@code orig}/{@code resp} follow the report rather than the first
     * packet seen (which may be a responder's packet when the capture started mid-conversation).
     */
    public LadderBuilder originator(String ip, int port) {
        this.origIp = IpAddresses.parse(ip);
        this.origPort = port;
        return this;
    }

    /** Offers one packet seen at {@code capturePoint}; returns whether it belongs to the ladder. */
    public boolean accept(String capturePoint, PacketEvent p) {
        int lane = lanes.indexOf(capturePoint);
        if (lane < 0 || p.tsNanos < fromNanos || p.tsNanos > toNanos || p.srcIp == null) {
            return false;
        }
        if (!communityId.equals(
                CommunityId.v1(p.srcIp, p.srcPort, p.dstIp, p.dstPort, p.proto & 0xff))) {
            return false;
        }
        if (origIp == null) {
            origIp = p.srcIp.clone();
            origPort = p.srcPort;
        }
        if (orig == null) {
            boolean fromOrig = Arrays.equals(p.srcIp, origIp) && p.srcPort == origPort;
            String src = IpAddresses.format(p.srcIp) + ":" + p.srcPort;
            String dst = IpAddresses.format(p.dstIp) + ":" + p.dstPort;
            orig = fromOrig ? src : dst;
            resp = fromOrig ? dst : src;
        }
        assembler.add(Sighting.of(p, lane, ConversationKey.isFlipped(p), false));
        accepted++;
        return true;
    }

    public long acceptedSightings() {
        return accepted;
    }

    public Ladder build() {
        record Placed(SightingAssembler.Copy copy, boolean fromOrig, long firstTrue) {}
        List<Placed> placed = new ArrayList<>();
        for (SightingAssembler.Copy c : assembler.copies()) {
            Sighting any = c.any();
            boolean fromOrig = Arrays.equals(any.srcIp, origIp) && any.srcPort == origPort;
            long first = Long.MAX_VALUE;
            for (Sighting s : c.sightings()) {
                first = Math.min(first, s.tsNanos - offsetNanos[s.capturePoint]);
            }
            placed.add(new Placed(c, fromOrig, first));
        }
        placed.sort(Comparator.comparingLong(Placed::firstTrue));
        long origin = placed.isEmpty() ? 0 : placed.get(0).firstTrue();
        SeqTracker[] trackers = {new SeqTracker(), new SeqTracker()};
        List<LadderPacket> packets = new ArrayList<>(placed.size());
        int last = lanes.size() - 1;
        for (Placed pl : placed) {
            PendingPacket p = pl.copy().packet();
            List<LadderSighting> sightings = new ArrayList<>();
            for (Sighting s : pl.copy().sightings()) {
                double t = (s.tsNanos - offsetNanos[s.capturePoint] - origin) / 1e6;
                sightings.add(new LadderSighting(s.capturePoint, lanes.get(s.capturePoint), t));
            }
            sightings.sort(
                    pl.fromOrig()
                            ? Comparator.comparingInt(LadderSighting::lane)
                            : Comparator.comparingInt(LadderSighting::lane).reversed());
            int finalLane = pl.fromOrig() ? last : 0;
            boolean lost = sightings.get(sightings.size() - 1).lane() != finalLane;
            boolean retransmission = false;
            long relSeq = 0;
            if (p.proto == PacketEvent.PROTO_TCP) {
                SeqTracker t = trackers[pl.fromOrig() ? 0 : 1];
                relSeq = t.relative(p.tcpSeq);
                retransmission = t.record(p.tcpSeq, p.tcpFlags, p.payloadLen);
            }
            packets.add(
                    new LadderPacket(
                            packets.size(),
                            pl.fromOrig() ? "orig" : "resp",
                            p.proto == PacketEvent.PROTO_TCP ? flags(p.tcpFlags) : "",
                            relSeq,
                            p.payloadLen,
                            p.wireLen,
                            List.copyOf(sightings),
                            lost,
                            retransmission));
        }
        return new Ladder(communityId, orig, resp, lanes, origin, List.copyOf(packets));
    }

    static String flags(int f) {
        StringBuilder sb = new StringBuilder();
        if ((f & PacketEvent.TCP_SYN) != 0) sb.append('S');
        if ((f & PacketEvent.TCP_FIN) != 0) sb.append('F');
        if ((f & PacketEvent.TCP_RST) != 0) sb.append('R');
        if ((f & PacketEvent.TCP_PSH) != 0) sb.append('P');
        if ((f & PacketEvent.TCP_ACK) != 0) sb.append('A');
        return sb.toString();
    }

    /**
     * Sequence space one direction has sent, as disjoint [start, end) ranges on an unwrapped 64-bit
     * axis, in the order copies were first seen: a segment inside what was sent is a retransmission
     * (reordering that fills a gap is not).
     */
    private static final class SeqTracker {
        private boolean known;
        private long base;
        private long high;
        private final TreeMap<Long, Long> ranges = new TreeMap<>();

        long relative(long seq) {
            return known ? unwrap(seq) - base : 0;
        }

        private long unwrap(long seq) {
            return high + (int) (seq - high);
        }

        boolean record(long seq, int flags, int payloadLen) {
            boolean syn = (flags & PacketEvent.TCP_SYN) != 0;
            boolean fin = (flags & PacketEvent.TCP_FIN) != 0;
            if ((flags & PacketEvent.TCP_RST) != 0) {
                return false;
            }
            long len = payloadLen + (syn ? 1 : 0) + (fin ? 1 : 0);
            if (len == 0) {
                return false;
            }
            long start;
            if (!known) {
                known = true;
                base = seq;
                high = seq;
                start = seq;
            } else {
                start = unwrap(seq);
            }
            long end = start + len;
            Map.Entry<Long, Long> floor = ranges.floorEntry(start);
            if (floor != null && floor.getValue() >= end) {
                return true;
            }
            long s = start;
            long e = end;
            if (floor != null && floor.getValue() >= s) {
                s = floor.getKey();
                e = Math.max(e, floor.getValue());
                ranges.remove(floor.getKey());
            }
            Map.Entry<Long, Long> next;
            while ((next = ranges.ceilingEntry(s)) != null && next.getKey() <= e) {
                e = Math.max(e, next.getValue());
                ranges.remove(next.getKey());
            }
            ranges.put(s, e);
            high = Math.max(high, end);
            return false;
        }
    }
}
