package io.phalanx.connectors.pcap;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** Ready-made FileSources over capture files, for jobs that should not care about formats. */
public final class CaptureSources {
    private CaptureSources() {}

    /**
     * A bounded source over one capture file (or every file of a directory, each one split). {@code
     * capturePoint} stamps every packet; null takes capture points from pcapng interface names
     * instead (packets on unnamed interfaces, and pcap files, then have a null capture point).
     */
    public static FileSource<CaptureRecord> forFile(Path file, String capturePoint) {
        PcapFileFormat format =
                capturePoint == null
                        ? PcapFileFormat.withInterfaceNames(null)
                        : PcapFileFormat.forCapturePoint(capturePoint);
        return FileSource.forBulkFileFormat(format, file).build();
    }

    /** {@link #forFile(Path, String)} for a local file. */
    public static FileSource<CaptureRecord> forFile(java.nio.file.Path file, String capturePoint) {
        return forFile(Path.fromLocalFile(file.toAbsolutePath().toFile()), capturePoint);
    }
}
