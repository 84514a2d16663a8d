package io.phalanx.connectors.pcap;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.util.Preconditions;

/**
 * FileSource format for pcap and pcapng capture files (optionally gzip-compressed, by a {@code .gz}
 * suffix). Capture files have no resynchronisation points a split could start at, so every file is
 * one split; parallelism comes from reading several files (one per capture point) at once.
 *
 * <p>Each packet is stamped with a capture point id: either a fixed one (one file per capture
 * point) or, for pcapng files merged from several points, the {@code if_name} of the packet's
 * interface, falling back to the fixed id when an interface has no name.
 *
 * <p>Checkpointing: a split's position is the number of records (packets and dead letters) already
 * emitted from the file; restoring re-reads the file from the start and skips that many. Reading is
 * deterministic, so the same records come out in the same order. An unreadable file (not a capture,
 * unsupported version, cut header) fails the reader with an IOException naming the file; per-record
 * problems become dead-letter records instead.
 */
public final class PcapFileFormat implements BulkFormat<CaptureRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final String capturePoint;
    private final boolean useInterfaceNames;
    private final int batchSize;

    private PcapFileFormat(String capturePoint, boolean useInterfaceNames, int batchSize) {
        Preconditions.checkArgument(batchSize > 0, "batch size must be positive: %s", batchSize);
        this.capturePoint = capturePoint;
        this.useInterfaceNames = useInterfaceNames;
        this.batchSize = batchSize;
    }

    /** Every packet of every file is stamped with {@code capturePoint}, e.g. {@code hop1}. */
    public static PcapFileFormat forCapturePoint(String capturePoint) {
        Preconditions.checkArgument(
                capturePoint != null && !capturePoint.isEmpty(), "capture point id required");
        return new PcapFileFormat(capturePoint, false, DEFAULT_BATCH_SIZE);
    }

    /**
     * Capture points come from pcapng interface names; {@code fallback} (may be null) for pcap
     * files and unnamed interfaces.
     */
    public static PcapFileFormat withInterfaceNames(String fallback) {
        return new PcapFileFormat(fallback, true, DEFAULT_BATCH_SIZE);
    }

    /** Records per batch handed to Flink (default {@value #DEFAULT_BATCH_SIZE}). */
    public PcapFileFormat withBatchSize(int records) {
        return new PcapFileFormat(capturePoint, useInterfaceNames, records);
    }

    public String capturePoint() {
        return capturePoint;
    }

    public boolean usesInterfaceNames() {
        return useInterfaceNames;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public Reader<CaptureRecord> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new PcapBulkReader(split, capturePoint, useInterfaceNames, batchSize, 0);
    }

    @Override
    public Reader<CaptureRecord> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new PcapBulkReader(split, capturePoint, useInterfaceNames, batchSize, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<CaptureRecord> getProducedType() {
        return TypeInformation.of(CaptureRecord.class);
    }
}
