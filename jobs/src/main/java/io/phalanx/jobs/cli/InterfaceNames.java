package io.phalanx.jobs.cli;

import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.packet.PacketEvent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The capture points of a merged pcapng (one interface per capture point, named after it): the
 * distinct capture point ids its packets carry, in order of first appearance. The stitcher needs
 * the full list before the job starts, so the file is scanned once (the parser reads ~10M
 * packets/s, a small price next to the job).
 */
final class InterfaceNames {
    private InterfaceNames() {}

    static List<String> of(Path file) throws IOException {
        String fallback = file.getFileName().toString().replaceAll("\\.(pcapng|pcap|cap)$", "");
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        try (CaptureFileReader r =
                CaptureFileReader.open(
                                new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                                file.toString(),
                                fallback,
                                d -> {})
                        .useInterfaceNames(true)) {
            PacketEvent p = new PacketEvent();
            while (r.next(p)) {
                ids.add(p.capturePoint);
            }
        }
        if (ids.isEmpty()) {
            ids.add(fallback);
        }
        return new ArrayList<>(ids);
    }
}
