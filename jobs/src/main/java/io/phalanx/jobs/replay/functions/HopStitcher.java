package io.phalanx.jobs.replay.functions;

import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.ConversationState;
import io.phalanx.core.stitch.PacketIdentity;
import io.phalanx.core.stitch.PendingChain;
import io.phalanx.core.stitch.PendingPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stitches the sightings of each packet at every capture point into one conversation, keyed by the
 * conversation's canonical five-tuple hash ({@link ConversationKey#hash}).
 *
 * <p>State per conversation:
 *
 * <ul>
 *   <li>{@code pending}: packet identity → the sightings so far ({@link PendingChain}). An entry
 *       lives for one match window (the longest a packet may take between the first and the last
 *       capture point, skew included) after its first sighting; the event-time timer of its window
 *       bucket folds it into the conversation and removes it.
 *   <li>{@code conversation}: the {@link ConversationState}, written once per finalised batch, not
 *       per packet. It is emitted and cleared when the conversation has closed (FIN both ways or
 *       RST) and a further match window has passed, when it has been idle for the idle timeout, or
 *       at the end of input.
 * </ul>
 *
 * All timers are aligned to window buckets, so at most one fires per bucket and key, and every
 * timer either finds work or is deleted with the state: state and timers drain to zero.
 *
 * <p>Late data (a sighting whose window already closed) is not dropped: it opens a new pending
 * entry and is counted in {@link ConversationState#lateObservations}; it then shows up as a packet
 * seen at fewer capture points. The source watermarks' out-of-orderness bounds how often that
 * happens.
 */
public class HopStitcher extends KeyedProcessFunction<Long, PacketEvent, ConversationState> {
    private static final long serialVersionUID = 1L;

    private final List<String> capturePoints;
    private final long windowMs;
    private final long idleMs;

    private transient Map<String, Integer> cpIndex;
    private transient ValueState<ConversationState> conversation;
    private transient MapState<Long, PendingChain> pending;

    public HopStitcher(List<String> capturePoints, long matchWindowMs, long idleTimeoutMs) {
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
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending",
                                        Types.LONG,
                                        TypeInformation.of(PendingChain.class)));
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
        int dir = flipped ? 1 : 0;
        ConversationState conv = conversation.value();
        long tsMs = Math.floorDiv(p.tsNanos, 1_000_000L);
        boolean late = tsMs + windowMs < ctx.timerService().currentWatermark();
        if (conv == null || late) {
            if (conv == null) {
                conv = ConversationState.start(p, flipped, capturePoints.size());
            }
            if (late) {
                conv.lateObservations++;
            }
            conversation.update(conv);
        }
        long id = PacketIdentity.of(p, flipped);
        PendingChain head = pending.get(id);
        pending.put(id, PendingChain.observe(head, p, dir, cp, capturePoints.size()));
        if (head == null) {
            ctx.timerService().registerEventTimeTimer(bucket(tsMs + windowMs));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConversationState> out)
            throws Exception {
        ConversationState conv = conversation.value();
        if (conv == null) {
            return;
        }
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        List<PendingPacket> ready = new ArrayList<>();
        List<Map.Entry<Long, PendingChain>> changed = new ArrayList<>();
        Iterator<Map.Entry<Long, PendingChain>> it = pending.iterator();
        boolean left = false;
        while (it.hasNext()) {
            Map.Entry<Long, PendingChain> e = it.next();
            PendingChain rest =
                    e.getValue()
                            .drain(
                                    copy ->
                                            endOfInput
                                                    || bucket(
                                                                    Math.floorDiv(
                                                                                    copy.firstTs,
                                                                                    1_000_000L)
                                                                            + windowMs)
                                                            <= timestamp,
                                    ready);
            if (rest == null) {
                it.remove();
            } else {
                left = true;
                if (rest != e.getValue()) {
                    changed.add(Map.entry(e.getKey(), rest));
                }
            }
        }
        for (Map.Entry<Long, PendingChain> e : changed) {
            pending.put(e.getKey(), e.getValue());
        }
        if (!left) {
            pending.clear(); // heap backends keep an empty map per key otherwise
        }
        if (!ready.isEmpty()) {
            conv.absorb(ready);
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
            pending.clear();
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
