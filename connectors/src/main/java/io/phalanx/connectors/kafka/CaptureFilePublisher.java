package io.phalanx.connectors.kafka;

import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.capture.CaptureFrame;
import io.phalanx.core.capture.DeadLetter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Streams capture files into the packets topic as capture agents would have: the frames of all
 * files merged in timestamp order, each under its capture point, at the original pace times a speed
 * factor (or as fast as the broker takes them). Used by {@code phalanx publish} and by the tests
 * that compare Kafka and file replays.
 *
 * <p>Frames go out raw, as captured; records the file framing cannot deliver (a cut record header,
 * a bad block) are reported to the dead-letter consumer, since they never reach the topic.
 */
public final class CaptureFilePublisher {
    /** One capture file and the capture point it was recorded at. */
    public record Input(String capturePoint, Path file) {}

    /** Totals of a finished run. */
    public record Result(long frames, long batches, long bytes, long deadLetters, double seconds) {}

    /** Called about once a second with the frames published so far and the capture time reached. */
    public interface Progress {
        void update(long frames, long captureTimeNanos);
    }

    private final PacketPublisher publisher;

    public CaptureFilePublisher(PacketPublisher publisher) {
        this.publisher = publisher;
    }

    private static final class Cursor {
        final String capturePoint;
        final CaptureFileReader reader;
        final CaptureFrame frame = new CaptureFrame();

        Cursor(String capturePoint, CaptureFileReader reader) {
            this.capturePoint = capturePoint;
            this.reader = reader;
        }

        boolean advance() throws IOException {
            return reader.nextFrame(frame);
        }
    }

    /**
     * Publishes every frame of {@code inputs}. {@code speed} is the pace factor: 1 replays in real
     * time, 10 ten times faster, 0 (or less) without pacing. Returns when the broker has
     * acknowledged everything.
     */
    public Result publish(
            List<Input> inputs, double speed, Consumer<DeadLetter> deadLetters, Progress progress)
            throws IOException, InterruptedException {
        long[] dead = {0};
        Consumer<DeadLetter> countingDeadLetters =
                d -> {
                    dead[0]++;
                    deadLetters.accept(d);
                };
        List<Cursor> cursors = new ArrayList<>();
        List<InputStream> streams = new ArrayList<>();
        PriorityQueue<Cursor> queue =
                new PriorityQueue<>((a, b) -> Long.compare(a.frame.tsNanos, b.frame.tsNanos));
        long started = System.nanoTime();
        try {
            for (Input in : inputs) {
                InputStream s = new BufferedInputStream(Files.newInputStream(in.file()), 1 << 16);
                streams.add(s);
                Cursor c =
                        new Cursor(
                                in.capturePoint(),
                                CaptureFileReader.open(
                                        s,
                                        in.file().toString(),
                                        in.capturePoint(),
                                        countingDeadLetters));
                cursors.add(c);
                if (c.advance()) {
                    queue.add(c);
                }
            }
            long firstTs = queue.isEmpty() ? 0 : queue.peek().frame.tsNanos;
            long nextProgress = started + 1_000_000_000L;
            while (!queue.isEmpty()) {
                Cursor c = queue.poll();
                if (speed > 0) {
                    long due = started + (long) ((c.frame.tsNanos - firstTs) / speed);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        publisher.flushDue();
                        Thread.sleep(Math.min(5, Math.max(1, wait / 1_000_000)));
                    }
                }
                publisher.add(c.capturePoint, c.frame);
                long now = System.nanoTime();
                if (now >= nextProgress && progress != null) {
                    progress.update(publisher.frames(), c.frame.tsNanos);
                    nextProgress = now + 1_000_000_000L;
                }
                if (c.advance()) {
                    queue.add(c);
                }
            }
            publisher.flush();
        } finally {
            for (InputStream s : streams) {
                s.close();
            }
        }
        return new Result(
                publisher.frames(),
                publisher.batches(),
                publisher.bytes(),
                dead[0],
                (System.nanoTime() - started) / 1e9);
    }
}
