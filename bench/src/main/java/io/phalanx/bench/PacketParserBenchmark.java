package io.phalanx.bench;

import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.capture.CaptureFrame;
import io.phalanx.core.packet.PacketDecoder;
import io.phalanx.core.packet.PacketEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;

/**
 * Packet parser throughput on one core, over a real capture held in memory so that disk and page
 * cache do not enter: {@code decode*} measure decoding of pre-split frames only, {@code
 * readAndDecode} the whole reader (pcap framing + decoding). Scores are packets per second: every
 * invocation handles all {@value #PACKETS} packets of baseline/hop1.pcap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PacketParserBenchmark {
    /** Packets in samples/captures/baseline/hop1.pcap (its analysis.json). */
    static final int PACKETS = 18774;

    @Param("samples/captures/baseline/hop1.pcap")
    public String capture;

    private byte[] file;
    private byte[][] frames;
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketEvent event = new PacketEvent();

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path path = Path.of(System.getProperty("phalanx.repo.root", "."), capture);
        file = Files.readAllBytes(path);
        List<byte[]> list = new ArrayList<>();
        try (CaptureFileReader r =
                CaptureFileReader.open(new ByteArrayInputStream(file), capture, "bench", d -> {})) {
            CaptureFrame f = new CaptureFrame();
            while (r.nextFrame(f)) {
                list.add(Arrays.copyOfRange(f.buf, f.offset, f.offset + f.capturedLen));
            }
        }
        if (list.size() != PACKETS) {
            throw new IllegalStateException(
                    path + " has " + list.size() + " frames, expected " + PACKETS);
        }
        frames = list.toArray(new byte[0][]);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void decodePhalanx(Blackhole bh) {
        for (byte[] f : frames) {
            bh.consume(decoder.decode(PacketDecoder.LINKTYPE_ETHERNET, f, 0, f.length, event));
            bh.consume(event.payloadDigest);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void decodePcap4j(Blackhole bh) throws IllegalRawDataException {
        for (byte[] f : frames) {
            Packet p = EthernetPacket.newPacket(f, 0, f.length);
            bh.consume(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long readAndDecode() throws IOException {
        long n = 0;
        try (CaptureFileReader r =
                CaptureFileReader.open(new ByteArrayInputStream(file), capture, "bench", d -> {})) {
            while (r.next(event)) {
                n += event.payloadLen;
            }
        }
        return n;
    }
}
