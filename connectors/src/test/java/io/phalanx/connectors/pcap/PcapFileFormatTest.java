package io.phalanx.connectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileFormatTest {
    static final java.nio.file.Path CAPTURES =
            java.nio.file.Path.of(
                    System.getProperty("phalanx.repo.root", ".."), "samples", "captures");

    @TempDir java.nio.file.Path tmp;

    static FileSourceSplit split(java.nio.file.Path file) throws IOException {
        return new FileSourceSplit(
                "0", Path.fromLocalFile(file.toFile()), 0, Files.size(file), 0, Files.size(file));
    }

    /** All records with the skip count Flink would checkpoint after each. */
    static List<RecordAndPosition<CaptureRecord>> readAll(BulkFormat.Reader<CaptureRecord> reader)
            throws IOException {
        List<RecordAndPosition<CaptureRecord>> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<CaptureRecord> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<CaptureRecord> r;
                while ((r = batch.next()) != null) {
                    out.add(
                            new RecordAndPosition<>(
                                    r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    @Test
    void batchesCarryRecordCountsAsPositions() throws Exception {
        java.nio.file.Path hop1 = CAPTURES.resolve("baseline/hop1.pcap");
        PcapFileFormat format = PcapFileFormat.forCapturePoint("hop1").withBatchSize(1000);
        List<RecordAndPosition<CaptureRecord>> all =
                readAll(format.createReader(new Configuration(), split(hop1)));
        assertThat(all).hasSize(18774);
        assertThat(all)
                .allSatisfy(r -> assertThat(r.getRecord().packet.capturePoint).isEqualTo("hop1"));
        assertThat(all.get(0).getRecordSkipCount()).isEqualTo(1);
        assertThat(all.get(18773).getRecordSkipCount()).isEqualTo(18774);
        assertThat(all.get(1234).getOffset()).isEqualTo(CheckpointedPosition.NO_OFFSET);
        assertThat(format.isSplittable()).isFalse();
    }

    @Test
    void restoreSkipsTheRecordsAlreadyEmitted() throws Exception {
        java.nio.file.Path hop2 = CAPTURES.resolve("loss-3pct-fwd-r1-r2/hop2.pcap");
        PcapFileFormat format = PcapFileFormat.forCapturePoint("hop2");
        List<RecordAndPosition<CaptureRecord>> all =
                readAll(format.createReader(new Configuration(), split(hop2)));
        FileSourceSplit restored =
                split(hop2)
                        .updateWithCheckpointedPosition(
                                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 1500));
        List<RecordAndPosition<CaptureRecord>> rest =
                readAll(format.restoreReader(new Configuration(), restored));
        assertThat(rest).hasSize(20289 - 1500);
        assertThat(rest.get(0).getRecord().packet).isEqualTo(all.get(1500).getRecord().packet);
        assertThat(rest.get(0).getRecordSkipCount()).isEqualTo(1501);
    }

    @Test
    void deadLettersComeInFileOrderWithThePath() throws Exception {
        java.nio.file.Path file = tmp.resolve("cut.pcap");
        byte[] good = Files.readAllBytes(CAPTURES.resolve("baseline/hop1.pcap"));
        Files.write(file, java.util.Arrays.copyOf(good, 1000)); // header + some records, then cut
        List<RecordAndPosition<CaptureRecord>> all =
                readAll(
                        PcapFileFormat.forCapturePoint("hop1")
                                .createReader(new Configuration(), split(file)));
        CaptureRecord last = all.get(all.size() - 1).getRecord();
        assertThat(last.packet).isNull();
        assertThat(last.deadLetter.file).isEqualTo(Path.fromLocalFile(file.toFile()).toString());
        assertThat(last.deadLetter.reason).startsWith("truncated pcap record at end of file");
        assertThat(all.subList(0, all.size() - 1))
                .allSatisfy(r -> assertThat(r.getRecord().isPacket()).isTrue());
    }

    @Test
    void unreadableFileFailsNamingTheFile() throws Exception {
        java.nio.file.Path file = tmp.resolve("notes.pcap");
        Files.writeString(file, "not a capture at all");
        assertThatThrownBy(
                        () ->
                                PcapFileFormat.forCapturePoint("hop1")
                                        .createReader(new Configuration(), split(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("notes.pcap")
                .hasMessageContaining("not a pcap or pcapng file");
    }
}
