package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an authorised vote goes: the governance's {@code phalanx.votes.v1} topic when live, in the
 * governance's vote shape ({@link KafkaVoteSink}), an append-only JSON Lines file in replay and
 * demo mode, or memory.
 */
public interface VoteSink extends AutoCloseable {
    /** Writes the vote durably before returning; throws when it could not. */
    void write(ObjectNode vote);

    @Override
    default void close() {}

    /** One JSON object per line, appended and flushed per vote (the file is never rewritten). */
    final class JsonLinesFile implements VoteSink {
        private final Path file;
        private final ObjectMapper mapper;

        public JsonLinesFile(Path file, ObjectMapper mapper) {
            this.file = file;
            this.mapper = mapper;
        }

        @Override
        public synchronized void write(ObjectNode vote) {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(
                        file,
                        mapper.writeValueAsString(vote) + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append the vote to " + file, e);
            }
        }

        @Override
        public String toString() {
            return "file " + file;
        }
    }

    /** Keeps votes in memory (local-only runs without a file). */
    final class InMemory implements VoteSink {
        private final List<ObjectNode> votes = new ArrayList<>();

        @Override
        public synchronized void write(ObjectNode vote) {
            votes.add(vote.deepCopy());
        }

        public synchronized List<ObjectNode> votes() {
            return List.copyOf(votes);
        }

        @Override
        public String toString() {
            return "memory";
        }
    }
}
