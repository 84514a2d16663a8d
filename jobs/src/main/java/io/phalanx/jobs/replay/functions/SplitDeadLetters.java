package io.phalanx.jobs.replay.functions;

import io.phalanx.connectors.pcap.CaptureRecord;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.packet.PacketEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Packets go on; dead letters from the capture readers go to {@link #DEAD_LETTERS}. Stateless. */
public class SplitDeadLetters extends ProcessFunction<CaptureRecord, PacketEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    @Override
    public void processElement(CaptureRecord r, Context ctx, Collector<PacketEvent> out) {
        if (r.packet != null) {
            out.collect(r.packet);
        } else if (r.deadLetter != null) {
            ctx.output(DEAD_LETTERS, r.deadLetter);
        }
    }
}
