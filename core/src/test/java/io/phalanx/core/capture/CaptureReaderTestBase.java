package io.phalanx.core.capture;

import io.phalanx.core.packet.FrameBuilder;
import io.phalanx.core.packet.PacketEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads whole captures into lists so that tests can assert on packets and dead letters. */
abstract class CaptureReaderTestBase {
    /** 2024-01-01T00:00:00Z, the instant crafted captures start at. */
    static final long T0_SECONDS = 1_704_067_200L;

    static final long T0_NANOS = T0_SECONDS * 1_000_000_000L;

    static final Path PUBLIC = Path.of("src/test/resources/pcaps-public");

    /** Everything one pass over a capture produced. */
    static final class Result {
        final List<PacketEvent> packets = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        CaptureFileReader reader;
    }

    static Result read(byte[] file, String name) throws IOException {
        return read(new ByteArrayInputStream(file), name, "hop1", false);
    }

    static Result readPublic(String name) throws IOException {
        return read(Files.newInputStream(PUBLIC.resolve(name)), name, "pub", false);
    }

    static Result read(InputStream in, String name, String capturePoint, boolean ifNames)
            throws IOException {
        Result r = new Result();
        try (CaptureFileReader reader =
                CaptureFileReader.open(in, name, capturePoint, r.deadLetters::add)) {
            reader.useInterfaceNames(ifNames);
            r.reader = reader;
            PacketEvent e = new PacketEvent();
            while (reader.next(e)) {
                r.packets.add(e.copy());
            }
        }
        return r;
    }

    static byte[] udpFrame(int srcPort) {
        return FrameBuilder.ethernet(0x0800)
                .ipv4(17, srcPort, 64, 0)
                .udp(srcPort, 53)
                .payload(12, srcPort)
                .build();
    }

    static byte[] rawUdp(int srcPort) {
        return FrameBuilder.empty().ipv4(17, srcPort, 64, 0).udp(srcPort, 53).build();
    }
}
