package io.phalanx.connectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.packet.PacketEvent;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PcapFileSourceITCase {
    private static final java.nio.file.Path CAPTURES = PcapFileFormatTest.CAPTURES;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(noRestarts())
                            .build());

    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>(
                    "dead-letters",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    @TempDir java.nio.file.Path tmp;

    private static Configuration noRestarts() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    /** The routing a job does: packets on, dead letters to a side output. */
    static final class RouteDeadLetters extends ProcessFunction<CaptureRecord, PacketEvent> {
        @Override
        public void processElement(CaptureRecord r, Context ctx, Collector<PacketEvent> out) {
            if (r.packet != null) {
                out.collect(r.packet);
            } else {
                ctx.output(DEAD_LETTERS, r.deadLetter);
            }
        }
    }

    @Test
    void twoCaptureFilesAndACorruptOne() throws Exception {
        java.nio.file.Path corrupt = tmp.resolve("hop9.pcap");
        byte[] good = Files.readAllBytes(CAPTURES.resolve("delay-40ms-fwd-r2-server/hop3.pcap"));
        // One whole record, then 4 bytes of the next record header: the file was cut mid-write.
        int caplen =
                java.nio.ByteBuffer.wrap(good, 32, 4)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getInt();
        int cut = 24 + 16 + caplen;
        Files.write(corrupt, java.util.Arrays.copyOf(good, cut + 4));

        Configuration conf = new Configuration();
        // STYLE.md: a silent Kryo fallback for CaptureRecord must fail fast.
        conf.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<CaptureRecord> records =
                env.fromSource(
                                CaptureSources.forFile(
                                        CAPTURES.resolve("baseline/hop1.pcap"), "hop1"),
                                WatermarkStrategy.noWatermarks(),
                                "pcap hop1")
                        .union(
                                env.fromSource(
                                        CaptureSources.forFile(
                                                CAPTURES.resolve(
                                                        "delay-40ms-fwd-r2-server/hop4.pcap"),
                                                "hop4"),
                                        WatermarkStrategy.noWatermarks(),
                                        "pcap hop4"),
                                env.fromSource(
                                        CaptureSources.forFile(corrupt, "hop9"),
                                        WatermarkStrategy.noWatermarks(),
                                        "pcap hop9"));
        SingleOutputStreamOperator<PacketEvent> packets =
                records.process(new RouteDeadLetters())
                        .name("route dead letters")
                        .uid("route-dead-letters");
        CloseableIterator<PacketEvent> packetIt = packets.collectAsync();
        CloseableIterator<DeadLetter> deadIt = packets.getSideOutput(DEAD_LETTERS).collectAsync();
        // Async: the collect sinks wait for this client to fetch, so a blocking execute()
        // deadlocks.
        env.executeAsync("pcap source ITCase");

        Map<String, Long> perPoint = new HashMap<>();
        packetIt.forEachRemaining(p -> perPoint.merge(p.capturePoint, 1L, Long::sum));
        List<DeadLetter> dead = new ArrayList<>();
        deadIt.forEachRemaining(dead::add);

        assertThat(perPoint)
                .containsOnly(
                        Map.entry("hop1", 18774L),
                        Map.entry("hop4", 20935L),
                        Map.entry("hop9", 1L));
        assertThat(dead)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.file).endsWith("hop9.pcap");
                            assertThat(d.capturePoint).isEqualTo("hop9");
                            assertThat(d.offset).isEqualTo(cut);
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "truncated pcap record header at end of file: 4 of 16 bytes");
                        });
    }
}
