package io.phalanx.connectors.pcap;

import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.packet.PacketEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.zip.GZIPInputStream;
import javax.annotation.Nullable;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads one capture file (one split) in batches of {@link CaptureRecord}s. Dead letters reported
 * while looking for the next packet are emitted before that packet, so records keep file order and
 * the record count alone identifies a position.
 */
final class PcapBulkReader implements BulkFormat.Reader<CaptureRecord> {
    private final CaptureFileReader reader;
    private final int batchSize;
    private final ArrayDeque<DeadLetter> pendingDeadLetters = new ArrayDeque<>();
    @Nullable private PacketEvent pendingPacket;
    private long emitted;
    private boolean finished;

    PcapBulkReader(
            FileSourceSplit split,
            String capturePoint,
            boolean useInterfaceNames,
            int batchSize,
            long recordsToSkip)
            throws IOException {
        this.batchSize = batchSize;
        Path path = split.path();
        InputStream in = path.getFileSystem().open(path);
        if (path.getName().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        this.reader =
                CaptureFileReader.open(in, path.toString(), capturePoint, pendingDeadLetters::add)
                        .useInterfaceNames(useInterfaceNames);
        try {
            while (emitted < recordsToSkip && nextRecord() != null) {
                // Records before the checkpoint were emitted by the previous attempt.
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        if (emitted < recordsToSkip) {
            throw new IOException(
                    path
                            + ": checkpoint says "
                            + recordsToSkip
                            + " records were read, file has "
                            + emitted);
        }
    }

    @Nullable
    @Override
    public BulkFormat.RecordIterator<CaptureRecord> readBatch() throws IOException {
        long before = emitted;
        CaptureRecord[] batch = new CaptureRecord[batchSize];
        int n = 0;
        while (n < batchSize) {
            CaptureRecord r = nextRecord();
            if (r == null) {
                break;
            }
            batch[n++] = r;
        }
        if (n == 0) {
            return null;
        }
        long packets = 0;
        long offset = 0;
        for (int i = 0; i < n; i++) {
            if (batch[i].packet != null) {
                packets++;
                offset = batch[i].packet.fileOffset;
            }
        }
        ReadProgress.advance(reader.file(), offset, packets);
        ArrayResultIterator<CaptureRecord> it = new ArrayResultIterator<>();
        it.set(batch, n, CheckpointedPosition.NO_OFFSET, before);
        return it;
    }

    @Nullable
    private CaptureRecord nextRecord() throws IOException {
        if (pendingDeadLetters.isEmpty() && pendingPacket == null && !finished) {
            PacketEvent event = new PacketEvent();
            if (reader.next(event)) {
                pendingPacket = event;
            } else {
                finished = true;
            }
        }
        // Dead letters reported while looking for the packet come first.
        DeadLetter d = pendingDeadLetters.poll();
        if (d != null) {
            emitted++;
            return CaptureRecord.of(d);
        }
        if (pendingPacket != null) {
            PacketEvent p = pendingPacket;
            pendingPacket = null;
            emitted++;
            return CaptureRecord.of(p);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
