package io.phalanx.jobs.replay.functions;

import io.phalanx.connectors.pcap.CaptureRecord;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.packet.PacketEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Packets go on; dead letters from the capture readers go to {@link #DEAD_LETTERS}. Stateless.
 *
 * <p>Metrics (domain metrics for dashboards and alerting): {@code packets} and {@code deadLetters}
 * counters per capture point, in the metric group {@code capture_point=<id>} (Prometheus: {@code
 * flink_taskmanager_job_task_operator_capture_point_packets{capture_point=...}}).
 */
public class SplitDeadLetters extends ProcessFunction<CaptureRecord, PacketEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Map<String, Counter> packets;
    private transient Map<String, Counter> deadLetters;

    @Override
    public void open(OpenContext ctx) {
        packets = new HashMap<>();
        deadLetters = new HashMap<>();
    }

    @Override
    public void processElement(CaptureRecord r, Context ctx, Collector<PacketEvent> out) {
        if (r.packet != null) {
            counter(packets, r.packet.capturePoint, "packets").inc();
            out.collect(r.packet);
        } else if (r.deadLetter != null) {
            counter(deadLetters, r.deadLetter.capturePoint, "deadLetters").inc();
            ctx.output(DEAD_LETTERS, r.deadLetter);
        }
    }

    private Counter counter(Map<String, Counter> counters, String capturePoint, String name) {
        String cp = capturePoint == null ? "unknown" : capturePoint;
        Counter c = counters.get(cp);
        if (c == null) {
            c = getRuntimeContext().getMetricGroup().addGroup("capture_point", cp).counter(name);
            counters.put(cp, c);
        }
        return c;
    }
}
