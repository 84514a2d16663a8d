package io.phalanx.core.stitch;

import com.tdunning.math.stats.TDigest;
import io.phalanx.core.packet.PacketEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything kept about one conversation between the packets that are already stitched: per capture
 * point counts and handshake times, per direction counts over distinct packets (Zeek's history,
 * retransmissions, zero windows, resets), and per direction and capture-point pair the raw
 * cross-hop deltas, one-sided sightings and reorder counts.
 *
 * <p>It grows only by {@link #absorb(List)}: batches of packets whose match window has closed, in
 * any order inside the batch (they are sorted by first sighting). Nothing here depends on clocks
 * being synchronised: deltas are raw and corrected later, once clock offsets are estimated across
 * all conversations. Flink POJO: arrays, no collections.
 */
public class ConversationState {
    public byte ipVersion;
    public byte proto;

    /** Canonical endpoints (see {@link io.phalanx.core.flow.ConversationKey}). */
    public byte[] ipA;

    public byte[] ipB;
    public int portA;
    public int portB;

    public HopStats[] hops;

    /** Index 0: a->b, 1: b->a. */
    public DirectionStats[] dirs;

    /** Per direction, per pair a<b: index {@code dir * pairCount + pairIndex(a, b)}. */
    public PairStats[] pairs;

    /** Zeek history, letters of direction a->b upper case, b->a lower case. */
    public String history = "";

    /** Direction of the first packet, of the first SYN and of the first SYN-ACK; -1 if none. */
    public byte firstDir = -1;

    public byte synDir = -1;
    public byte synAckDir = -1;

    public long firstTs = Long.MAX_VALUE;
    public long lastTs = Long.MIN_VALUE;

    /** When the conversation closed (FIN both ways, or RST), else {@link PendingPacket#UNSEEN}. */
    public long closeTs = PendingPacket.UNSEEN;

    /** Packets that arrived after their match window had closed (counted, still absorbed). */
    public long lateObservations;

    /**
     * Event time (ms) of the close/idle check the operator has scheduled, so it can cancel it when
     * the conversation ends earlier; {@link Long#MIN_VALUE} when none.
     */
    public long scheduledCheckMs = Long.MIN_VALUE;

    public ConversationState() {}

    public static ConversationState start(PacketEvent p, boolean flipped, int capturePoints) {
        ConversationState s = new ConversationState();
        s.ipVersion = p.ipVersion;
        s.proto = p.proto;
        s.ipA = flipped ? p.dstIp : p.srcIp;
        s.ipB = flipped ? p.srcIp : p.dstIp;
        s.portA = flipped ? p.dstPort : p.srcPort;
        s.portB = flipped ? p.srcPort : p.dstPort;
        s.hops = new HopStats[capturePoints];
        for (int i = 0; i < capturePoints; i++) {
            s.hops[i] = new HopStats();
        }
        s.dirs = new DirectionStats[] {new DirectionStats(), new DirectionStats()};
        int pc = pairCount(capturePoints);
        s.pairs = new PairStats[2 * pc];
        for (int d = 0; d < 2; d++) {
            for (int a = 0; a < capturePoints; a++) {
                for (int b = a + 1; b < capturePoints; b++) {
                    s.pairs[d * pc + pairIndex(a, b, capturePoints)] = new PairStats(a, b);
                }
            }
        }
        return s;
    }

    /** Starts a conversation from any of its sightings. */
    public static ConversationState start(Sighting first, int capturePoints) {
        PacketEvent p = new PacketEvent();
        p.ipVersion = first.ipVersion;
        p.proto = first.proto;
        p.srcIp = first.srcIp;
        p.dstIp = first.dstIp;
        p.srcPort = first.srcPort;
        p.dstPort = first.dstPort;
        return start(p, first.dir == 1, capturePoints);
    }

    public static int pairCount(int n) {
        return n * (n - 1) / 2;
    }

    /** Index of pair {@code a < b} among the {@code n(n-1)/2} pairs, row by row. */
    public static int pairIndex(int a, int b, int n) {
        return a * n - a * (a + 1) / 2 + (b - a - 1);
    }

    public int capturePoints() {
        return hops.length;
    }

    public PairStats pair(int dir, int a, int b) {
        int n = hops.length;
        return pairs[dir * pairCount(n) + pairIndex(a, b, n)];
    }

    public boolean isClosed() {
        return closeTs != PendingPacket.UNSEEN;
    }

    /** Folds a batch of finalised packets (every assembled copy) into the conversation. */
    public void absorb(List<PendingPacket> batch) {
        List<PendingPacket> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparingLong(p -> p.firstTs));
        int n = hops.length;
        int pc = pairCount(n);
        TDigest[] batchDigests = new TDigest[pairs.length];
        for (PendingPacket p : ordered) {
            absorbOne(p);
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    boolean sa = p.ts[a] != PendingPacket.UNSEEN;
                    boolean sb = p.ts[b] != PendingPacket.UNSEEN;
                    if (!sa && !sb) {
                        continue;
                    }
                    int idx = p.dir * pc + pairIndex(a, b, n);
                    PairStats ps = pairs[idx];
                    if (sa && sb) {
                        ps.both++;
                        double delta = (p.ts[b] - p.ts[a]) / 1e6;
                        ps.minDeltaMs = Math.min(ps.minDeltaMs, delta);
                        ps.maxDeltaMs = Math.max(ps.maxDeltaMs, delta);
                        if (batchDigests[idx] == null) {
                            batchDigests[idx] = ps.digest();
                        }
                        batchDigests[idx].add(delta);
                    } else if (sa) {
                        ps.onlyA++;
                    } else {
                        ps.onlyB++;
                    }
                }
            }
        }
        for (int i = 0; i < pairs.length; i++) {
            if (batchDigests[i] != null) {
                pairs[i].storeDigest(batchDigests[i]);
                countReordering(pairs[i], i / pc, ordered);
            }
        }
    }

    private static void countReordering(PairStats ps, int dir, List<PendingPacket> ordered) {
        List<PendingPacket> both = new ArrayList<>();
        for (PendingPacket p : ordered) {
            if (p.dir == dir
                    && p.ts[ps.a] != PendingPacket.UNSEEN
                    && p.ts[ps.b] != PendingPacket.UNSEEN) {
                both.add(p);
            }
        }
        both.sort(Comparator.comparingLong(p -> p.ts[ps.b]));
        for (PendingPacket p : both) {
            if (p.ts[ps.a] < ps.maxTsAInBOrder) {
                ps.reorderedAUp++;
            } else {
                ps.maxTsAInBOrder = p.ts[ps.a];
            }
        }
        both.sort(Comparator.comparingLong(p -> p.ts[ps.a]));
        for (PendingPacket p : both) {
            if (p.ts[ps.b] < ps.maxTsBInAOrder) {
                ps.reorderedBUp++;
            } else {
                ps.maxTsBInAOrder = p.ts[ps.b];
            }
        }
    }

    private void absorbOne(PendingPacket p) {
        int dir = p.dir;
        long ts = p.firstTs;
        if (firstDir < 0) {
            firstDir = (byte) dir;
        }
        firstTs = Math.min(firstTs, ts);
        lastTs = Math.max(lastTs, ts);
        DirectionStats ds = dirs[dir];
        ds.packets++;
        ds.bytes += p.wireLen;
        for (int c = 0; c < hops.length; c++) {
            long t = p.ts[c];
            if (t == PendingPacket.UNSEEN) {
                continue;
            }
            HopStats h = hops[c];
            h.packets[dir]++;
            if (p.proto == PacketEvent.PROTO_TCP) {
                boolean syn = p.tcpFlag(PacketEvent.TCP_SYN);
                boolean ack = p.tcpFlag(PacketEvent.TCP_ACK);
                if (syn && !ack && h.synTs == PendingPacket.UNSEEN) {
                    h.synTs = t;
                } else if (syn && ack && h.synAckTs == PendingPacket.UNSEEN) {
                    h.synAckTs = t;
                } else if (!syn
                        && ack
                        && h.synAckTs != PendingPacket.UNSEEN
                        && h.ackTs == PendingPacket.UNSEEN
                        && dir == synDir) {
                    h.ackTs = t;
                }
            }
        }
        if (p.proto == PacketEvent.PROTO_TCP) {
            absorbTcp(p, ds, dir);
        } else if (p.payloadLen > 0) {
            record(dir, History.DATA);
        }
    }

    private void absorbTcp(PendingPacket p, DirectionStats ds, int dir) {
        boolean syn = p.tcpFlag(PacketEvent.TCP_SYN);
        boolean ack = p.tcpFlag(PacketEvent.TCP_ACK);
        boolean fin = p.tcpFlag(PacketEvent.TCP_FIN);
        boolean rst = p.tcpFlag(PacketEvent.TCP_RST);
        if (syn && !ack) {
            if (synDir < 0) {
                synDir = (byte) dir;
            }
            record(dir, History.SYN);
        } else if (syn) {
            if (synAckDir < 0) {
                synAckDir = (byte) dir;
            }
            record(dir, History.SYN_ACK);
        } else if (ack && !fin && !rst && p.payloadLen == 0) {
            record(dir, History.ACK);
        }
        if (p.payloadLen > 0) {
            record(dir, History.DATA);
        }
        if (fin) {
            record(dir, History.FIN);
        }
        if (rst) {
            ds.resets++;
            record(dir, History.RST);
            if (closeTs == PendingPacket.UNSEEN) {
                closeTs = p.firstTs;
            }
        } else if (p.tcpWindow == 0 && !syn) {
            ds.zeroWindows++;
            record(dir, History.ZERO_WINDOW);
        }
        long segLen = p.payloadLen + (syn ? 1 : 0) + (fin ? 1 : 0);
        if (segLen > 0 && !rst) {
            long start;
            if (!ds.seqKnown) {
                start = p.tcpSeq;
                ds.seqKnown = true;
                ds.seqHigh = start + segLen;
            } else {
                // unwrap: the 32-bit distance from the highest end seen, taken as signed
                start = ds.seqHigh + (int) (p.tcpSeq - ds.seqHigh);
            }
            long end = start + segLen;
            if (SequenceCoverage.covers(ds.covered, start, end)) {
                ds.retransmissions++;
                record(dir, History.RETRANSMISSION);
            } else {
                ds.covered = SequenceCoverage.add(ds.covered, start, end);
            }
            ds.seqHigh = Math.max(ds.seqHigh, end);
        }
        if (fin
                && closeTs == PendingPacket.UNSEEN
                && History.has(dirs[0].historyMask, History.FIN)
                && History.has(dirs[1].historyMask, History.FIN)) {
            closeTs = p.firstTs;
        }
    }

    private void record(int dir, History letter) {
        DirectionStats ds = dirs[dir];
        if (!History.has(ds.historyMask, letter)) {
            ds.historyMask |= letter.bit();
            char c = letter.letter();
            history += dir == 0 ? c : Character.toLowerCase(c);
        }
    }
}
