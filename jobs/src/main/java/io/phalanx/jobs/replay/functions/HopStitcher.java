package io.phalanx.jobs.replay.functions;

import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.ConversationState;
import io.phalanx.core.stitch.IntervalSlice;
import io.phalanx.core.stitch.IntervalSlicer;
import io.phalanx.core.stitch.PendingPacket;
import io.phalanx.core.stitch.Sighting;
import io.phalanx.core.stitch.SightingAssembler;
import io.phalanx.jobs.replay.serialization.SightingSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stitches the sightings of each packet at every capture point into one conversation, keyed by the
 * conversation's canonical five-tuple hash ({@link ConversationKey#hash}).
 *
 * <p>State per conversation:
 *
 * <ul>
 *   <li>{@code sightings}: a list of {@link Sighting}s, appended to (one write per sighting and no
 *       read: the hot path never deserializes state; RocksDB merges appends). A sighting lives
 *       until its packet's match window (the longest a packet may take between the first and the
 *       last capture point, skew included) has passed; the event-time timer of that window bucket
 *       reads the list once, groups the sightings into packets ({@link SightingAssembler}), folds
 *       the due ones into the conversation and writes back the rest.
 *   <li>{@code conversation}: the {@link ConversationState}, read and written once per timer, never
 *       per packet. It is emitted and cleared when the conversation has closed (FIN both ways or
 *       RST) and a further window has passed, when it has been idle for the idle timeout, or at the
 *       end of input.
 * </ul>
 *
 * All timers are aligned to window buckets, so at most one fires per bucket and key, and the one
 * close/idle check timer is deleted with the state: state and timers drain to zero.
 *
 * <p>Late data (a sighting whose window already closed) is not dropped: it forms a packet of its
 * own, seen at fewer capture points, and is counted in {@link ConversationState#lateObservations}.
 * The source watermarks' out-of-orderness bounds how often that happens.
 */
public class HopStitcher extends KeyedProcessFunction<Long, PacketEvent, ConversationState> {
    private static final long serialVersionUID = 1L;

    private final List<String> capturePoints;
    private final long windowMs;
    private final long idleMs;
    private final long kpiIntervalMs;

    /**
     * Side output of per-interval slices of every absorbed batch, for the segment KPIs (only when a
     * KPI interval is set).
     */
    public static final OutputTag<IntervalSlice> KPI_SLICES =
            new OutputTag<>("kpi-slices", TypeInformation.of(IntervalSlice.class));

    private transient Map<String, Integer> cpIndex;
    private transient ValueState<ConversationState> conversation;
    private transient ListState<Sighting> sightings;

    public HopStitcher(List<String> capturePoints, long matchWindowMs, long idleTimeoutMs) {
        this(capturePoints, matchWindowMs, idleTimeoutMs, 0);
    }

    /**
     * @param kpiIntervalMs length of a segment-KPI interval; 0 emits no {@link #KPI_SLICES}
     */
    public HopStitcher(
            List<String> capturePoints,
            long matchWindowMs,
            long idleTimeoutMs,
            long kpiIntervalMs) {
        if (kpiIntervalMs < 0) {
            throw new IllegalArgumentException("KPI interval must be >= 0");
        }
        this.kpiIntervalMs = kpiIntervalMs;
        if (matchWindowMs <= 0 || idleTimeoutMs < matchWindowMs) {
            throw new IllegalArgumentException(
                    "match window must be > 0 and the idle timeout at least the match window");
        }
        this.capturePoints = new ArrayList<>(capturePoints);
        this.windowMs = matchWindowMs;
        this.idleMs = idleTimeoutMs;
    }

    @Override
    public void open(OpenContext ctx) {
        cpIndex = new HashMap<>();
        for (int i = 0; i < capturePoints.size(); i++) {
            cpIndex.put(capturePoints.get(i), i);
        }
        conversation =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "conversation",
                                        TypeInformation.of(ConversationState.class)));
        sightings =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "sightings", SightingSerializer.INSTANCE));
    }

    long bucket(long tsMs) {
        return Math.floorDiv(tsMs, windowMs) * windowMs + windowMs;
    }

    @Override
    public void processElement(PacketEvent p, Context ctx, Collector<ConversationState> out)
            throws Exception {
        Integer cp = cpIndex.get(p.capturePoint);
        if (cp == null) {
            throw new IllegalStateException(
                    "packet from capture point '"
                            + p.capturePoint
                            + "' not among "
                            + capturePoints);
        }
        boolean flipped = ConversationKey.isFlipped(p);
        long tsMs = Math.floorDiv(p.tsNanos, 1_000_000L);
        boolean late = tsMs + windowMs < ctx.timerService().currentWatermark();
        sightings.add(Sighting.of(p, cp, flipped, late));
        ctx.timerService().registerEventTimeTimer(bucket(tsMs + windowMs));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConversationState> out)
            throws Exception {
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        SightingAssembler assembler = new SightingAssembler(capturePoints.size());
        for (Sighting s : sightings.get()) {
            assembler.add(s);
        }
        ConversationState conv = conversation.value();
        List<PendingPacket> ready = new ArrayList<>();
        List<Sighting> notDue = new ArrayList<>();
        for (SightingAssembler.Copy copy : assembler.copies()) {
            long due = bucket(Math.floorDiv(copy.packet().firstTs, 1_000_000L) + windowMs);
            if (!endOfInput && due > timestamp) {
                notDue.addAll(copy.sightings());
                continue;
            }
            if (conv == null) {
                conv = ConversationState.start(copy.any(), capturePoints.size());
            }
            conv.lateObservations += copy.lateSightings();
            ready.add(copy.packet());
        }
        boolean left = !notDue.isEmpty();
        if (!ready.isEmpty()) {
            if (left) {
                sightings.update(notDue);
            } else {
                sightings.clear();
            }
        }
        if (conv == null) {
            return; // a stale bucket timer, or nothing due yet
        }
        if (ready.isEmpty() && left) {
            return; // nothing due: the state is unchanged, the pending sightings' timers follow
        }
        if (!ready.isEmpty()) {
            long[] retransmissionsBefore = {
                conv.dirs[0].retransmissions, conv.dirs[1].retransmissions
            };
            conv.absorb(ready);
            if (kpiIntervalMs > 0) {
                for (IntervalSlice slice :
                        IntervalSlicer.slice(conv, ready, retransmissionsBefore, kpiIntervalMs)) {
                    ctx.output(KPI_SLICES, slice);
                }
            }
        }
        long lastMs = Math.floorDiv(conv.lastTs, 1_000_000L);
        boolean closedLongEnough =
                conv.isClosed()
                        && bucket(Math.floorDiv(conv.closeTs, 1_000_000L) + windowMs) <= timestamp;
        boolean idle = bucket(lastMs + idleMs) <= timestamp;
        if (!left && (endOfInput || closedLongEnough || idle)) {
            if (conv.scheduledCheckMs > timestamp) {
                ctx.timerService().deleteEventTimeTimer(conv.scheduledCheckMs);
            }
            out.collect(conv);
            conversation.clear();
            sightings.clear();
            return;
        }
        if (!left) {
            long next =
                    conv.isClosed()
                            ? bucket(Math.floorDiv(conv.closeTs, 1_000_000L) + windowMs)
                            : bucket(lastMs + idleMs);
            next = Math.max(next, timestamp + windowMs);
            if (conv.scheduledCheckMs != next) {
                if (conv.scheduledCheckMs > timestamp) {
                    ctx.timerService().deleteEventTimeTimer(conv.scheduledCheckMs);
                }
                ctx.timerService().registerEventTimeTimer(next);
                conv.scheduledCheckMs = next;
            }
        }
        conversation.update(conv);
    }
}
