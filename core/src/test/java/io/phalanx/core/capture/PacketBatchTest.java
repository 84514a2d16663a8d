package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketBatchTest {
    private static final byte[] A = {1, 2, 3, 4, 5};
    private static final byte[] B = {9, 8, 7};

    @Test
    void framesRoundTripInOrderAsViews() throws Exception {
        PacketBatch.Writer w = new PacketBatch.Writer(16);
        assertThat(w.add(1, 1_000L, 60, A, 0, A.length)).isTrue();
        assertThat(w.add(1, 2_000L, 1514, B, 1, 2)).isTrue();
        byte[] batch = w.toByteArray();
        assertThat(batch.length).isEqualTo(9 + 16 + 5 + 16 + 2);

        PacketBatch.Reader r = new PacketBatch.Reader(batch);
        assertThat(r.linkType()).isEqualTo(1);
        assertThat(r.count()).isEqualTo(2);
        CaptureFrame f = new CaptureFrame();
        assertThat(r.next(f)).isTrue();
        assertThat(f.tsNanos).isEqualTo(1_000L);
        assertThat(f.wireLen).isEqualTo(60);
        assertThat(Arrays.copyOfRange(f.buf, f.offset, f.offset + f.capturedLen)).isEqualTo(A);
        assertThat(r.next(f)).isTrue();
        assertThat(f.wireLen).isEqualTo(1514);
        assertThat(Arrays.copyOfRange(f.buf, f.offset, f.offset + f.capturedLen))
                .containsExactly(8, 7);
        assertThat(f.fileOffset).isEqualTo(9 + 16 + 5);
        assertThat(r.next(f)).isFalse();
    }

    @Test
    void aBatchHoldsOneLinkTypeAndTheWriterIsReusable() throws Exception {
        PacketBatch.Writer w = new PacketBatch.Writer(16);
        w.add(1, 1, 5, A, 0, 5);
        assertThat(w.add(113, 2, 5, A, 0, 5)).isFalse();
        assertThat(w.count()).isEqualTo(1);
        w.reset();
        assertThat(w.add(113, 2, 5, A, 0, 5)).isTrue();
        assertThat(new PacketBatch.Reader(w.toByteArray()).linkType()).isEqualTo(113);
    }

    @Test
    void brokenBatchesSayWhereAndWhy() throws Exception {
        assertThatThrownBy(() -> new PacketBatch.Reader(new byte[] {'P', 'X'}))
                .hasMessageContaining("shorter than its 9-byte header");
        assertThatThrownBy(() -> new PacketBatch.Reader("{\"json\":true}".getBytes()))
                .hasMessageContaining("not a packet batch");
        PacketBatch.Writer w = new PacketBatch.Writer(16);
        w.add(1, 1, 5, A, 0, 5);
        w.add(1, 2, 5, A, 0, 5);
        byte[] cut = Arrays.copyOf(w.toByteArray(), 9 + 16 + 5 + 16 + 2);
        PacketBatch.Reader r = new PacketBatch.Reader(cut);
        CaptureFrame f = new CaptureFrame();
        assertThat(r.next(f)).isTrue();
        assertThatThrownBy(() -> r.next(f))
                .hasMessage(
                        "frame 1 at byte 30: captured length 5 runs past the end of the batch (2 bytes left)");
    }
}
