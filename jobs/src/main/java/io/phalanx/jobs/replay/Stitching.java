package io.phalanx.jobs.replay;

import io.phalanx.core.flow.ConversationKey;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.core.stitch.ConversationState;
import io.phalanx.core.stitch.Topology;
import io.phalanx.jobs.Uids;
import io.phalanx.jobs.replay.functions.HopStitcher;
import io.phalanx.jobs.replay.functions.SegmentKpiAggregator;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The stitching stage both jobs share, whatever their source (capture files or the packets topic):
 * packets keyed by five-tuple into the {@link HopStitcher}, and its per-interval slices merged into
 * segment KPIs. Same uids in both jobs, so a savepoint of one maps onto the other.
 */
public final class Stitching {
    private Stitching() {}

    /** Conversations as they close or time out; KPI slices on {@link HopStitcher#KPI_SLICES}. */
    public static SingleOutputStreamOperator<ConversationState> conversations(
            DataStream<PacketEvent> packets,
            List<String> capturePoints,
            Duration matchWindow,
            Duration idleTimeout,
            long kpiIntervalMs) {
        return packets.keyBy(ConversationKey::hash)
                .process(
                        new HopStitcher(
                                capturePoints,
                                matchWindow.toMillis(),
                                idleTimeout.toMillis(),
                                kpiIntervalMs))
                .uid(Uids.HOP_STITCHER)
                .name("hop stitcher");
    }

    /**
     * Segment KPIs per interval, emitted once event time passes the interval's end plus three match
     * windows (docs/TOPICS.md, "Segment KPIs"); network-wide, at parallelism 1.
     */
    public static DataStream<SegmentKpi> segmentKpis(
            SingleOutputStreamOperator<ConversationState> conversations,
            List<String> capturePoints,
            Topology topology,
            Duration matchWindow,
            long kpiIntervalMs) {
        return conversations
                .getSideOutput(HopStitcher.KPI_SLICES)
                .keyBy(s -> 0)
                .process(
                        new SegmentKpiAggregator(
                                capturePoints, topology, kpiIntervalMs, 3 * matchWindow.toMillis()),
                        TypeInformation.of(SegmentKpi.class))
                .uid(Uids.SEGMENT_KPIS)
                .name("segment KPIs")
                .setParallelism(1);
    }
}
