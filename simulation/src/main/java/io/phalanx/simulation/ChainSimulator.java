package io.phalanx.simulation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A discrete-event simulation of the chain: endpoints send packets, each packet crosses the
 * stretches of its direction's path (where {@link SegmentImpairment}s act) and is recorded at every
 * capture point it reaches, with that point's clock offset. Events run in true-time order (ties in
 * scheduling order), so FIFO stretches and congestion queues see packets in the order they arrive
 * and a packet dropped on a stretch is absent at every later capture point.
 *
 * <p>TCP endpoints are reactive: a handshake answer, a response or a close happens when the packet
 * that causes it is delivered. Every segment that occupies sequence space (SYN, data, FIN) has a
 * retransmission timer ({@link #RTO_NANOS}, doubling); when it fires and the peer has not
 * acknowledged the range (cumulatively or, as SACK would tell, out of order), the sender sends it
 * again with a new IP ID and counts a retransmission. Receivers acknowledge every second segment,
 * immediately on anything out of order, duplicate, SYN or FIN, and otherwise after a 40 ms delayed
 * ACK. No congestion window: rates come from the workloads' pacing.
 *
 * <p>Not thread-safe; one instance runs one simulation.
 */
public final class ChainSimulator {
    /** Retransmission timeout of a first transmission (Linux's minimum RTO). */
    public static final long RTO_NANOS = 200_000_000L;

    static final long DELAYED_ACK_NANOS = 40_000_000L;
    static final long RESPONSE_SEGMENT_SPACING_NANOS = 50_000L;
    static final int HTTP_PORT = 8080;
    static final int IPERF_PORT = 5201;

    /** No simulation runs past this much true time; a guard against a workload that never ends. */
    private static final long HORIZON_NANOS = 600_000_000_000L;

    private final long seed;
    private final ChainTopology topology;
    private final NetworkConditions conditions;
    private final long startNanos;

    private final PriorityQueue<Event> events =
            new PriorityQueue<>(
                    (a, b) ->
                            a.time != b.time
                                    ? Long.compare(a.time, b.time)
                                    : Long.compare(a.order, b.order));
    private long eventOrder;
    private long recordOrder;
    private final Map<String, StretchState> stretches = new LinkedHashMap<>();
    private final List<CaptureSet.Record> records = new ArrayList<>();
    private final List<SimulatedPacket> sent = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();
    private final Map<String, Integer> drops = new LinkedHashMap<>();
    private final Set<Integer> clientPorts = new HashSet<>();

    /**
     * @param seed the scenario seed every random draw derives from
     * @param startNanos true epoch time (ns) at which the capture window opens
     */
    public ChainSimulator(
            long seed, ChainTopology topology, NetworkConditions conditions, long startNanos) {
        this.seed = seed;
        this.topology = topology;
        this.conditions = conditions;
        this.startNanos = startNanos;
    }

    /** Runs every workload to completion and returns what the capture points recorded. */
    public CaptureSet run(List<Workload> workloads) {
        for (Workload w : workloads) {
            long at = startNanos + Math.round(w.startMs() * 1e6);
            if (w instanceof Workload.IcmpEcho ping) {
                startPing(ping, at);
            } else if (w instanceof Workload.TcpRequestResponse http) {
                startHttp(http, at);
            } else if (w instanceof Workload.TcpBulkTransfer bulk) {
                Flow f = newFlow(bulk.name(), SimulatedPacket.TCP, IPERF_PORT);
                at(at, () -> startBulk(f, bulk, at));
            } else if (w instanceof Workload.UdpStream udp) {
                Flow f = newFlow(udp.name(), SimulatedPacket.UDP, IPERF_PORT);
                startUdp(f, udp, at);
            }
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            if (e.time - startNanos > HORIZON_NANOS) {
                throw new IllegalStateException("simulation did not finish within the horizon");
            }
            e.action.run();
        }
        List<CaptureSet.FlowSummary> summaries = new ArrayList<>();
        for (Flow f : flows) {
            summaries.add(f.summary());
        }
        return new CaptureSet(
                seed, topology, conditions, startNanos, records, sent, summaries, drops);
    }

    // ---------------------------------------------------------------- event plumbing

    private record Event(long time, long order, Runnable action) {}

    private void at(long time, Runnable action) {
        events.add(new Event(time, eventOrder++, action));
    }

    private void transmit(SimulatedPacket p, long t) {
        sent.add(p);
        traverse(p, 0, t);
    }

    /** Sends {@code p} over stretch {@code index} of its path, entering it at {@code t}. */
    private void traverse(SimulatedPacket p, int index, long t) {
        List<String> path = topology.path(p.dir);
        String from = index == 0 ? senderName(p.dir) : path.get(index - 1);
        String to = index == path.size() ? senderName(p.dir.reverse()) : path.get(index);
        String key = NetworkConditions.key(from, to);
        SegmentImpairment imp = conditions.impairment(from, to);
        StretchState state = stretches.computeIfAbsent(key, k -> new StretchState());
        int size = p.frameLength();
        if (imp.lossRatio() > 0 && dice(p, index, PacketDice.Purpose.LOSS) < imp.lossRatio()) {
            drops.merge(key, 1, Integer::sum);
            return;
        }
        long depart = t;
        if (imp.congestion() != null) {
            SegmentImpairment.CongestionQueue q = imp.congestion();
            double backlogBytes =
                    Math.max(0, state.queueFreeAt - t) * q.serviceBitsPerSecond() / 8e9;
            if (backlogBytes + size > q.capacityBytes()) {
                drops.merge(key, 1, Integer::sum);
                return;
            }
            state.queueFreeAt =
                    Math.max(state.queueFreeAt, t)
                            + Math.round(size * 8e9 / q.serviceBitsPerSecond());
            depart = state.queueFreeAt;
        }
        long jitter =
                imp.jitterMs() == 0
                        ? 0
                        : Math.round(
                                (2 * dice(p, index, PacketDice.Purpose.JITTER) - 1)
                                        * imp.jitterMs()
                                        * 1e6);
        long exit =
                depart
                        + ChainTopology.STRETCH_BASE_LATENCY_NANOS
                        + size * 8_000_000_000L / ChainTopology.LINE_RATE_BITS_PER_SECOND
                        + Math.round(imp.extraDelayMs() * 1e6)
                        + jitter;
        exit = Math.max(exit, state.lastExit);
        state.lastExit = exit;
        if (imp.reorderRatio() > 0
                && dice(p, index, PacketDice.Purpose.REORDER) < imp.reorderRatio()) {
            exit += Math.round(imp.holdBackMs() * 1e6);
        }
        long arrival = exit;
        at(
                arrival,
                () -> {
                    if (index == path.size()) {
                        deliver(p, arrival);
                    } else {
                        String cp = path.get(index);
                        long recorded = arrival + Math.round(conditions.clockOffsetMs(cp) * 1e6);
                        records.add(new CaptureSet.Record(cp, recorded, arrival, recordOrder++, p));
                        traverse(p, index + 1, arrival);
                    }
                });
    }

    private double dice(SimulatedPacket p, int stretch, PacketDice.Purpose purpose) {
        return PacketDice.uniform(seed, p.flow, p.dir, p.ordinal, stretch, purpose);
    }

    private static String senderName(Direction dir) {
        return dir == Direction.CLIENT_TO_SERVER ? "client" : "server";
    }

    private void deliver(SimulatedPacket p, long t) {
        Flow f = flows.get(p.flow);
        if (f.receiver != null) {
            f.receiver.receive(p, t);
        }
    }

    /** FIFO and queue state of one directed stretch. */
    private static final class StretchState {
        long lastExit;
        long queueFreeAt;
    }

    // ---------------------------------------------------------------- flows and addressing

    private interface Receiver {
        void receive(SimulatedPacket p, long t);
    }

    /** One conversation: its ports, per-direction IP ID counters and send ordinals. */
    private final class Flow {
        final int id;
        final String workload;
        final byte proto;
        final int clientPort;
        final int serverPort;
        final int[] nextIpId = new int[2];
        final long[] nextOrdinal = new long[2];
        int retransmissions;
        Receiver receiver;

        Flow(int id, String workload, byte proto, int serverPort) {
            this.id = id;
            this.workload = workload;
            this.proto = proto;
            this.serverPort = serverPort;
            int port;
            long attempt = 0;
            do {
                port =
                        32768
                                + (int)
                                        Long.remainderUnsigned(
                                                PacketDice.hash(seed, id, attempt++), 28000);
            } while (!clientPorts.add(port));
            this.clientPort = port;
            for (Direction d : Direction.values()) {
                nextIpId[d.ordinal()] =
                        1
                                + (int)
                                        Long.remainderUnsigned(
                                                PacketDice.hash(seed, id, d.ordinal(), 0x1d),
                                                0xffff);
            }
        }

        int takeIpId(Direction d) {
            int id = nextIpId[d.ordinal()];
            nextIpId[d.ordinal()] = id == 0xffff ? 1 : id + 1; // IP ID 0 would hide identity
            return id;
        }

        SimulatedPacket packet(
                Direction d,
                long seq,
                long ack,
                int flags,
                int payloadLen,
                int icmpType,
                long key) {
            boolean c2s = d == Direction.CLIENT_TO_SERVER;
            // ICMP has no ports: the client's "port" is the echo identifier, the server's is 0.
            int serverSide = proto == SimulatedPacket.ICMP ? 0 : serverPort;
            return new SimulatedPacket(
                    id,
                    d,
                    nextOrdinal[d.ordinal()]++,
                    proto,
                    c2s ? topology.clientAddress() : topology.serverAddress(),
                    c2s ? topology.serverAddress() : topology.clientAddress(),
                    takeIpId(d),
                    c2s ? clientPort : serverSide,
                    c2s ? serverSide : clientPort,
                    seq,
                    ack,
                    flags,
                    payloadLen,
                    icmpType,
                    key);
        }

        CaptureSet.FlowSummary summary() {
            long[] packets = new long[2];
            for (SimulatedPacket p : sent) {
                if (p.flow == id) {
                    packets[p.dir.ordinal()]++;
                }
            }
            return new CaptureSet.FlowSummary(
                    id,
                    workload,
                    proto == SimulatedPacket.TCP
                            ? "tcp"
                            : proto == SimulatedPacket.UDP ? "udp" : "icmp",
                    clientPort,
                    proto == SimulatedPacket.ICMP ? 0 : serverPort,
                    packets[0],
                    packets[1],
                    retransmissions);
        }
    }

    private Flow newFlow(String workload, byte proto, int serverPort) {
        Flow f = new Flow(flows.size(), workload, proto, serverPort);
        flows.add(f);
        return f;
    }

    // ---------------------------------------------------------------- ICMP and UDP

    private void startPing(Workload.IcmpEcho ping, long start) {
        Flow f = newFlow(ping.name(), SimulatedPacket.ICMP, 0);
        f.receiver =
                (p, t) -> {
                    if (p.dir == Direction.CLIENT_TO_SERVER) {
                        transmit(
                                f.packet(
                                        Direction.SERVER_TO_CLIENT,
                                        0,
                                        0,
                                        0,
                                        p.payloadLen,
                                        0,
                                        p.payloadKey),
                                t);
                    }
                };
        for (int i = 0; i < ping.count(); i++) {
            long t = start + Math.round(i * ping.intervalMs() * 1e6);
            int sequence = i + 1;
            at(
                    t,
                    () ->
                            transmit(
                                    f.packet(Direction.CLIENT_TO_SERVER, 0, 0, 0, 56, 8, sequence),
                                    t));
        }
    }

    private void startUdp(Flow f, Workload.UdpStream udp, long start) {
        long datagramBits = (udp.payloadBytes() + 8 + 20 + 14) * 8L;
        long total = Math.round(udp.durationMs() * 1e6 * udp.bitsPerSecond() / 1e9 / datagramBits);
        long burstGap = Math.round(udp.burstPackets() * datagramBits * 1e9 / udp.bitsPerSecond());
        for (long i = 0; i < total; i++) {
            long burst = i / udp.burstPackets();
            long within = i % udp.burstPackets();
            long t = start + burst * burstGap + within * 10_000L;
            long sequence = i;
            at(
                    t,
                    () ->
                            transmit(
                                    f.packet(
                                            Direction.CLIENT_TO_SERVER,
                                            0,
                                            0,
                                            0,
                                            udp.payloadBytes(),
                                            0,
                                            sequence),
                                    t));
        }
    }

    // ---------------------------------------------------------------- TCP

    private void startHttp(Workload.TcpRequestResponse http, long start) {
        for (int i = 0; i < http.connections(); i++) {
            long t = start + Math.round(i * http.intervalMs() * 1e6);
            int responseBytes = i % 2 == 0 ? http.smallResponseBytes() : http.largeResponseBytes();
            Flow f = newFlow(http.name(), SimulatedPacket.TCP, HTTP_PORT);
            TcpEndpoint client = new TcpEndpoint(f, Direction.CLIENT_TO_SERVER);
            TcpEndpoint server = new TcpEndpoint(f, Direction.SERVER_TO_CLIENT);
            // Real request and status lines, so dissectors see HTTP rather than noise.
            client.firstDataPrefix = requestHead(responseBytes, http.requestBytes());
            server.firstDataPrefix = statusLine(responseBytes);
            client.app =
                    (self, p, now) -> {
                        if (p.has(SimulatedPacket.SYN) && !self.applicationStarted) {
                            self.applicationStarted = true;
                            self.sendAck(now);
                            self.sendSegment(
                                    now,
                                    SimulatedPacket.PSH | SimulatedPacket.ACK,
                                    http.requestBytes());
                        }
                        self.closeOncePeerHasClosed(now);
                    };
            server.app =
                    (self, p, now) -> {
                        if (p.has(SimulatedPacket.SYN) && !self.synSent) {
                            self.sendSegment(now, SimulatedPacket.SYN | SimulatedPacket.ACK, 0);
                        }
                        if (!self.applicationStarted && self.rcvNxt() >= 1 + http.requestBytes()) {
                            self.applicationStarted = true;
                            sendResponse(self, now, responseBytes);
                        }
                    };
            wire(f, client, server);
            at(t, () -> client.sendSegment(t, SimulatedPacket.SYN, 0));
        }
    }

    /** An HTTP/1.0 GET of {@code /<size>}, padded in its User-Agent to {@code total} bytes. */
    byte[] requestHead(int size, int total) {
        String start =
                "GET /"
                        + size
                        + " HTTP/1.0\r\nHost: "
                        + ChainTopology.dotted(topology.serverAddress())
                        + ":8080\r\nUser-Agent: phalanx-simulation";
        String end = "\r\n\r\n";
        String head = start + "-".repeat(Math.max(0, total - start.length() - end.length())) + end;
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** An HTTP/1.0 response head whose Content-Length makes head plus body {@code total}. */
    static byte[] statusLine(int total) {
        for (int digits = 1; digits < 10; digits++) {
            int head = "HTTP/1.0 200 OK\r\nContent-Length: \r\n\r\n".length() + digits;
            int body = total - head;
            if (body >= 0 && String.valueOf(body).length() == digits) {
                return ("HTTP/1.0 200 OK\r\nContent-Length: " + body + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalArgumentException("response too small for a status line: " + total);
    }

    private void sendResponse(TcpEndpoint server, long now, int bytes) {
        int segments = (bytes + FrameEncoder.TCP_MSS - 1) / FrameEncoder.TCP_MSS;
        for (int k = 0; k < segments; k++) {
            long t = now + k * RESPONSE_SEGMENT_SPACING_NANOS;
            int len = Math.min(FrameEncoder.TCP_MSS, bytes - k * FrameEncoder.TCP_MSS);
            int flags = SimulatedPacket.ACK | (k == segments - 1 ? SimulatedPacket.PSH : 0);
            at(t, () -> server.sendSegment(t, flags, len));
        }
        long fin = now + segments * RESPONSE_SEGMENT_SPACING_NANOS;
        at(fin, () -> server.sendSegment(fin, SimulatedPacket.FIN | SimulatedPacket.ACK, 0));
    }

    private void startBulk(Flow f, Workload.TcpBulkTransfer bulk, long start) {
        TcpEndpoint client = new TcpEndpoint(f, Direction.CLIENT_TO_SERVER);
        TcpEndpoint server = new TcpEndpoint(f, Direction.SERVER_TO_CLIENT);
        long segmentBits = (FrameEncoder.TCP_MSS + 20 + 20 + 14) * 8L;
        long interval = Math.round(segmentBits * 1e9 / bulk.bitsPerSecond());
        long segments = Math.max(1, Math.round(bulk.durationMs() * 1e6 / interval));
        long dataEnd = 1 + segments * FrameEncoder.TCP_MSS;
        client.app =
                (self, p, now) -> {
                    if (p.has(SimulatedPacket.SYN) && !self.applicationStarted) {
                        self.applicationStarted = true;
                        self.sendAck(now);
                        for (long k = 0; k < segments; k++) {
                            long t = now + (k + 1) * interval;
                            boolean last = k == segments - 1;
                            at(
                                    t,
                                    () -> {
                                        self.sendSegment(
                                                t,
                                                SimulatedPacket.ACK
                                                        | (last ? SimulatedPacket.PSH : 0),
                                                FrameEncoder.TCP_MSS);
                                        if (last) {
                                            self.dataDone = true;
                                        }
                                    });
                        }
                    }
                    if (self.dataDone && !self.finSent && self.peerHas.covers(0, dataEnd)) {
                        self.sendSegment(now, SimulatedPacket.FIN | SimulatedPacket.ACK, 0);
                    }
                };
        server.app =
                (self, p, now) -> {
                    if (p.has(SimulatedPacket.SYN) && !self.synSent) {
                        self.sendSegment(now, SimulatedPacket.SYN | SimulatedPacket.ACK, 0);
                    }
                    self.closeOncePeerHasClosed(now);
                };
        wire(f, client, server);
        client.sendSegment(start, SimulatedPacket.SYN, 0);
    }

    private void wire(Flow f, TcpEndpoint client, TcpEndpoint server) {
        f.receiver =
                (p, t) -> (p.dir == Direction.CLIENT_TO_SERVER ? server : client).receive(p, t);
    }

    private interface TcpApplication {
        void onReceive(TcpEndpoint self, SimulatedPacket p, long now);
    }

    /** One side of a TCP connection; sequence numbers are kept relative to the ISNs. */
    private final class TcpEndpoint {
        final Flow flow;
        final Direction sendDir;
        final long isn;
        long sndNxt;
        final SequenceRanges peerHas = new SequenceRanges();
        long peerIsn;
        boolean peerIsnKnown;
        final SequenceRanges received = new SequenceRanges();
        long peerFinEnd = -1;
        int unackedSegments;
        boolean ackOwed;
        boolean delayedAckArmed;
        boolean synSent;
        boolean finSent;

        /** The application's one-time action (request, response, data phase) has begun. */
        boolean applicationStarted;

        boolean dataDone;

        /** Opening bytes of the first data segment (request or status line), or null. */
        byte[] firstDataPrefix;

        TcpApplication app;

        TcpEndpoint(Flow flow, Direction sendDir) {
            this.flow = flow;
            this.sendDir = sendDir;
            this.isn = PacketDice.hash(seed, flow.id, sendDir.ordinal(), 0x15) & 0xffffffffL;
        }

        long rcvNxt() {
            return received.contiguousEnd();
        }

        private SimulatedPacket build(long relStart, int flags, int len, long key) {
            if (peerIsnKnown) {
                flags |= SimulatedPacket.ACK;
            }
            long ack = peerIsnKnown ? peerIsn + rcvNxt() : 0;
            SimulatedPacket p = flow.packet(sendDir, isn + relStart, ack, flags, len, 0, key);
            p.sackBlocks = received.above(0);
            if (relStart == 1 && len > 0) {
                p.payloadPrefix = firstDataPrefix;
            }
            unackedSegments = 0;
            ackOwed = false;
            return p;
        }

        void sendAck(long now) {
            transmit(build(sndNxt, SimulatedPacket.ACK, 0, sndNxt), now);
        }

        void sendSegment(long now, int flags, int len) {
            long start = sndNxt;
            long end =
                    start
                            + len
                            + ((flags & SimulatedPacket.SYN) != 0 ? 1 : 0)
                            + ((flags & SimulatedPacket.FIN) != 0 ? 1 : 0);
            synSent |= (flags & SimulatedPacket.SYN) != 0;
            finSent |= (flags & SimulatedPacket.FIN) != 0;
            sndNxt = end;
            transmit(build(start, flags, len, start), now);
            armRetransmission(now + RTO_NANOS, RTO_NANOS, start, end, flags, len);
        }

        private void armRetransmission(
                long when, long rto, long start, long end, int flags, int len) {
            at(
                    when,
                    () -> {
                        if (peerHas.covers(start, end)) {
                            return;
                        }
                        flow.retransmissions++;
                        transmit(build(start, flags, len, start), when);
                        armRetransmission(when + 2 * rto, 2 * rto, start, end, flags, len);
                    });
        }

        void closeOncePeerHasClosed(long now) {
            if (peerFinEnd >= 0 && rcvNxt() >= peerFinEnd && !finSent) {
                sendSegment(now, SimulatedPacket.FIN | SimulatedPacket.ACK, 0);
            }
        }

        void receive(SimulatedPacket p, long now) {
            boolean syn = p.has(SimulatedPacket.SYN);
            boolean fin = p.has(SimulatedPacket.FIN);
            if (syn && !peerIsnKnown) {
                peerIsn = p.seq;
                peerIsnKnown = true;
            }
            if (p.has(SimulatedPacket.ACK)) {
                long acked = (p.ack - isn) & 0xffffffffL;
                peerHas.add(0, acked);
                if (p.sackBlocks != null) {
                    for (int i = 0; i < p.sackBlocks.length; i += 2) {
                        peerHas.add(p.sackBlocks[i], p.sackBlocks[i + 1]);
                    }
                }
            }
            long segLen = p.payloadLen + (syn ? 1 : 0) + (fin ? 1 : 0);
            boolean immediate = false;
            if (segLen > 0 && peerIsnKnown) {
                long rel = (p.seq - peerIsn) & 0xffffffffL;
                long before = rcvNxt();
                boolean duplicate = received.covers(rel, rel + segLen);
                received.add(rel, rel + segLen);
                if (fin) {
                    peerFinEnd = rel + segLen;
                }
                long after = rcvNxt();
                unackedSegments++;
                ackOwed = true;
                immediate =
                        duplicate
                                || rel > before
                                || after > rel + segLen
                                || syn
                                || fin
                                || unackedSegments >= 2;
            }
            app.onReceive(this, p, now);
            if (!ackOwed) {
                return;
            }
            if (immediate) {
                sendAck(now);
            } else if (!delayedAckArmed) {
                delayedAckArmed = true;
                long when = now + DELAYED_ACK_NANOS;
                at(
                        when,
                        () -> {
                            delayedAckArmed = false;
                            if (ackOwed) {
                                sendAck(when);
                            }
                        });
            }
        }
    }
}
