package io.phalanx.core.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A growable window over an {@link InputStream} that hands out contiguous byte ranges without
 * copying them again: a record is parsed straight from {@link #buf}. The buffer only grows when a
 * record is larger than anything seen before, so steady-state reading allocates nothing.
 *
 * <p>Absolute file offsets are tracked so that dead letters can point at the record that failed.
 */
final class ByteSource {
    private final InputStream in;
    byte[] buf;

    /** Index in {@link #buf} of the next unread byte. */
    int pos;

    private int limit;

    /** File offset of {@code buf[0]}. */
    private long base;

    private boolean eof;

    ByteSource(InputStream in, int initialCapacity) {
        this.in = in;
        this.buf = new byte[initialCapacity];
    }

    /** File offset of the next unread byte. */
    long position() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    /**
     * Makes at least {@code n} bytes available from {@link #pos} on, reading as needed. Returns
     * false when the stream ends first; whatever was available stays available.
     */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            int remaining = limit - pos;
            System.arraycopy(buf, pos, buf, 0, remaining);
            base += pos;
            pos = 0;
            limit = remaining;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 8, buf.length * 2))];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** True when every byte of the stream has been consumed. */
    boolean atEnd() throws IOException {
        return !ensure(1);
    }

    void advance(int n) {
        pos += n;
    }

    /**
     * Skips {@code n} bytes, possibly beyond the buffer; throws EOFException when the stream ends.
     */
    void skip(long n) throws IOException {
        long inBuffer = Math.min(n, limit - pos);
        pos += (int) inBuffer;
        long left = n - inBuffer;
        while (left > 0) {
            // Reading rather than InputStream.skip, which may silently skip past the end.
            base += limit;
            pos = 0;
            limit = 0;
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                eof = true;
                throw new EOFException("stream ended " + left + " bytes before the skipped range");
            }
            left -= r;
            limit = r;
            pos = r;
        }
    }

    static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)
                : ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? ((b[i] & 0xff) << 24)
                        | ((b[i + 1] & 0xff) << 16)
                        | ((b[i + 2] & 0xff) << 8)
                        | (b[i + 3] & 0xff)
                : ((b[i + 3] & 0xff) << 24)
                        | ((b[i + 2] & 0xff) << 16)
                        | ((b[i + 1] & 0xff) << 8)
                        | (b[i] & 0xff);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xffffffffL;
    }

    static long i64(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (u32(b, i, true) << 32) | u32(b, i + 4, true)
                : (u32(b, i + 4, false) << 32) | u32(b, i, false);
    }
}
