package io.phalanx.core.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The binary value of a {@code phalanx.packets.v1} record: a batch of captured frames from one
 * capture point (the record key), in capture order. Frames stay raw (link layer included, cut to
 * the agent's snap length) so that the job decodes them with the same decoder, and the same
 * dead-letter handling, as capture files.
 *
 * <pre>
 * batch := magic 'P' 'X' | version u8 (1) | linkType u16 | count u32 | frame{count}
 * frame := tsNanos i64 (epoch) | wireLen u32 | capturedLen u32 | byte{capturedLen}
 * </pre>
 *
 * All integers are big-endian. One batch is one link type; an agent whose link type changes starts
 * a new batch. {@link Writer} builds batches with one growing buffer; {@link Reader} walks one in
 * place (frames are views into the record's bytes, no copy).
 */
public final class PacketBatch {
    public static final int VERSION = 1;
    static final int HEADER_BYTES = 9;
    static final int FRAME_HEADER_BYTES = 16;

    private PacketBatch() {}

    /** A batch that breaks the format; the message says where and why. */
    public static final class InvalidBatchException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidBatchException(String reason) {
            super(reason);
        }
    }

    /** Appends frames to a batch; reusable after {@link #reset()}. Not thread-safe. */
    public static final class Writer {
        private ByteBuffer buf;
        private int count;
        private int linkType = -1;

        public Writer(int initialCapacity) {
            buf = ByteBuffer.allocate(Math.max(64, initialCapacity)).order(ByteOrder.BIG_ENDIAN);
            reset();
        }

        /** Starts an empty batch. */
        public void reset() {
            buf.clear();
            buf.position(HEADER_BYTES);
            count = 0;
            linkType = -1;
        }

        /**
         * Adds one frame. Returns false, adding nothing, when the batch is not empty and has
         * another link type: the caller finishes this batch and starts a new one.
         */
        public boolean add(
                int frameLinkType, long tsNanos, int wireLen, byte[] b, int off, int len) {
            if (count > 0 && frameLinkType != linkType) {
                return false;
            }
            linkType = frameLinkType;
            ensure(FRAME_HEADER_BYTES + len);
            buf.putLong(tsNanos).putInt(wireLen).putInt(len).put(b, off, len);
            count++;
            return true;
        }

        public int count() {
            return count;
        }

        /** Bytes the batch takes so far. */
        public int size() {
            return buf.position();
        }

        /**
         * The finished batch as a new array; the writer keeps its content until {@link #reset()}.
         */
        public byte[] toByteArray() {
            int end = buf.position();
            buf.put(0, (byte) 'P').put(1, (byte) 'X').put(2, (byte) VERSION);
            buf.putShort(3, (short) Math.max(0, linkType));
            buf.putInt(5, count);
            return Arrays.copyOf(buf.array(), end);
        }

        private void ensure(int more) {
            if (buf.remaining() < more) {
                ByteBuffer bigger =
                        ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                                .order(ByteOrder.BIG_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }
    }

    /**
     * Walks a batch. The header is checked when the reader is made; a frame that runs past the end
     * of the batch ends it with an {@link InvalidBatchException} (the frames before it were valid).
     */
    public static final class Reader {
        private final byte[] b;
        private final ByteBuffer buf;
        private final int linkType;
        private final int count;
        private int read;

        public Reader(byte[] batch) throws InvalidBatchException {
            if (batch == null || batch.length < HEADER_BYTES) {
                throw new InvalidBatchException(
                        "packet batch of "
                                + (batch == null ? 0 : batch.length)
                                + " bytes is shorter than its 9-byte header");
            }
            this.b = batch;
            this.buf = ByteBuffer.wrap(batch).order(ByteOrder.BIG_ENDIAN);
            if (batch[0] != 'P' || batch[1] != 'X') {
                throw new InvalidBatchException(
                        String.format(
                                "not a packet batch: magic %02x%02x, expected 5058 ('PX')",
                                batch[0], batch[1]));
            }
            if (batch[2] != VERSION) {
                throw new InvalidBatchException(
                        "packet batch version "
                                + batch[2]
                                + " is not supported (this build reads 1)");
            }
            linkType = Short.toUnsignedInt(buf.getShort(3));
            count = buf.getInt(5);
            if (count < 0) {
                throw new InvalidBatchException("packet batch claims " + count + " frames");
            }
            buf.position(HEADER_BYTES);
        }

        public int linkType() {
            return linkType;
        }

        /** Frames the header announces. */
        public int count() {
            return count;
        }

        /** Index of the next frame, which is also the number read so far. */
        public int index() {
            return read;
        }

        /** Fills {@code out} with the next frame (a view into the batch); false at the end. */
        public boolean next(CaptureFrame out) throws InvalidBatchException {
            if (read == count) {
                if (buf.hasRemaining()) {
                    throw new InvalidBatchException(
                            buf.remaining()
                                    + " bytes after the "
                                    + count
                                    + " frames the batch announces");
                }
                return false;
            }
            int at = buf.position();
            if (buf.remaining() < FRAME_HEADER_BYTES) {
                throw new InvalidBatchException(
                        "frame "
                                + read
                                + " at byte "
                                + at
                                + ": header cut after "
                                + buf.remaining()
                                + " bytes");
            }
            long ts = buf.getLong();
            int wire = buf.getInt();
            int cap = buf.getInt();
            if (cap < 0 || cap > buf.remaining()) {
                throw new InvalidBatchException(
                        "frame "
                                + read
                                + " at byte "
                                + at
                                + ": captured length "
                                + Integer.toUnsignedString(cap)
                                + " runs past the end of the batch ("
                                + buf.remaining()
                                + " bytes left)");
            }
            out.buf = b;
            out.offset = buf.position();
            out.capturedLen = cap;
            out.wireLen = wire;
            out.tsNanos = ts;
            out.linkType = linkType;
            out.fcsLen = 0;
            out.interfaceIndex = 0;
            out.interfaceName = null;
            out.section = 0;
            out.fileOffset = at;
            buf.position(buf.position() + cap);
            read++;
            return true;
        }
    }
}
