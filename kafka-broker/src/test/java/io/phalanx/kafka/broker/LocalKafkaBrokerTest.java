package io.phalanx.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real broker and speaks to it at the wire level (this module has no Kafka client on its
 * test classpath on purpose): an ApiVersions request must be answered with the correlation id.
 * Produce/consume round trips are covered by the connectors' and jobs' integration tests.
 */
class LocalKafkaBrokerTest {

    @Test
    void startsAnswersAndStopsAndRestartsOnTheSameData(@TempDir Path dir) throws Exception {
        String first;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir)) {
            first = broker.bootstrapServers();
            assertThat(first).startsWith("127.0.0.1:");
            assertThat(apiVersionsCorrelation(broker)).isEqualTo(4242);
            broker.close();
            assertThat(broker.isAlive()).isFalse();
        }
        // A second start reuses the formatted directory (no second format, same cluster).
        try (LocalKafkaBroker again = LocalKafkaBroker.start(dir)) {
            assertThat(apiVersionsCorrelation(again)).isEqualTo(4242);
        }
    }

    private static int apiVersionsCorrelation(LocalKafkaBroker broker) throws Exception {
        int port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
        try (Socket s = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] client = "phalanx-test".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // ApiVersions v0: apiKey 18, version 0, correlation id, client id (int16 length +
            // bytes)
            int size = 2 + 2 + 4 + 2 + client.length;
            out.writeInt(size);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(4242);
            out.writeShort(client.length);
            out.write(client);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int len = in.readInt();
            assertThat(len).isGreaterThan(4);
            return in.readInt();
        }
    }
}
