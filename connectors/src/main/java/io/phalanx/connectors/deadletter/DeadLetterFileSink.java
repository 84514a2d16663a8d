package io.phalanx.connectors.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.capture.DeadLetter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes dead letters as JSON lines ({@code {"file":…,"capturePoint":…,"offset":…,"reason":…}}) to
 * a local file, one file per subtask ({@code name.jsonl}, or {@code name-<subtask>.jsonl} when the
 * sink runs in parallel). Meant for replays on one machine: it is not transactional, so a restarted
 * job may repeat lines (at-least-once). The streaming platform publishes dead letters to Kafka
 * instead.
 */
public final class DeadLetterFileSink implements Sink<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String file;

    public DeadLetterFileSink(Path file) {
        this.file = file.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<DeadLetter> createWriter(WriterInitContext context) throws IOException {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path target = Path.of(file);
        if (parallelism > 1) {
            String name = target.getFileName().toString().replaceFirst("\\.jsonl$", "");
            target = target.resolveSibling(name + "-" + subtask + ".jsonl");
        }
        return new Writer(target);
    }

    private static final class Writer implements SinkWriter<DeadLetter> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final BufferedWriter out;

        Writer(Path target) throws IOException {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            out =
                    Files.newBufferedWriter(
                            target,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void write(DeadLetter d, Context context) throws IOException {
            out.write(JSON.writeValueAsString(d));
            out.newLine();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
