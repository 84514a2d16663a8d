package io.phalanx.connectors.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.capture.CaptureFrame;
import io.phalanx.core.capture.PacketBatch;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketDecoder;
import io.phalanx.core.packet.PacketEvent;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture end to end: a veth pair whose far end lives in a network namespace this test creates
 * (as root), the agent capturing on the near end with a BPF filter, known UDP datagrams sent across
 * the pair, and the packets topic of a real broker read back and decoded with the job's own
 * decoder. Where namespaces cannot be created the test captures on {@code lo} instead and logs why;
 * without the right to capture at all (not root, no CAP_NET_RAW) it is skipped.
 */
class LiveCaptureAgentITCase {
    private static final String CAPTURE_POINT = "edge-in";
    private static final int DST_PORT = 40123;
    private static final int DATAGRAMS = 25;

    @TempDir static Path dir;
    static LocalKafkaBroker broker;
    static String netns;
    static String iface;
    static InetAddress peer;

    @BeforeAll
    static void setUp() throws Exception {
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        String near = "phxa" + tag;
        String far = "phxb" + tag;
        String ns = "phx-capture-" + tag;
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        String why =
                sh("ip", "netns", "add", ns)
                        .orElse(
                                () ->
                                        sh(
                                                "ip", "link", "add", near, "type", "veth", "peer",
                                                "name", far))
                        .orElse(() -> sh("ip", "link", "set", far, "netns", ns))
                        .orElse(
                                () ->
                                        sh(
                                                "ip",
                                                "addr",
                                                "add",
                                                "10.199." + net + ".1/30",
                                                "dev",
                                                near))
                        .orElse(() -> sh("ip", "link", "set", near, "up"))
                        .orElse(
                                () ->
                                        sh(
                                                "ip",
                                                "netns",
                                                "exec",
                                                ns,
                                                "ip",
                                                "addr",
                                                "add",
                                                "10.199." + net + ".2/30",
                                                "dev",
                                                far))
                        .orElse(() -> sh("ip", "netns", "exec", ns, "ip", "link", "set", far, "up"))
                        .orElse(
                                () ->
                                        sh(
                                                "ip", "netns", "exec", ns, "ip", "link", "set",
                                                "lo", "up"))
                        .problem();
        if (why == null) {
            netns = ns;
            iface = near;
            peer = InetAddress.getByName("10.199." + net + ".2");
        } else {
            // stderr, not the logger: the fallback must be visible whatever the log configuration
            System.err.println(
                    "LiveCaptureAgentITCase: cannot build a veth pair in a namespace ("
                            + why
                            + "); capturing on lo instead");
            sh("ip", "link", "del", near);
            sh("ip", "netns", "del", ns);
            iface = "lo";
            peer = InetAddress.getLoopbackAddress();
        }
        System.err.println("LiveCaptureAgentITCase: capturing on " + iface + ", peer " + peer);
        broker = LocalKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void tearDown() {
        if (netns != null) {
            // deleting the namespace deletes the far end, and with it the pair
            sh("ip", "netns", "del", netns);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void capturesTheDatagramsSentAcrossTheInterfaceIntoThePacketsTopic() throws Exception {
        LiveCaptureAgent.Options options =
                LiveCaptureAgent.Options.of(iface, CAPTURE_POINT, 256)
                        .withFilter("udp and dst port " + DST_PORT);
        List<String> sent = new ArrayList<>();
        int srcPort;
        long before;
        long after;
        LiveCaptureAgent.Totals totals;
        // small batches and a short linger, so the datagrams span several batches
        try (PacketPublisher publisher =
                        new PacketPublisher(
                                broker.bootstrapServers(),
                                Topics.PACKETS,
                                4,
                                64 * 1024,
                                Duration.ofMillis(20));
                LiveCaptureAgent agent = new LiveCaptureAgent(options, publisher)) {
            try {
                agent.open();
            } catch (IOException e) {
                assumeTrue(false, "no right to capture here (needs root or CAP_NET_RAW): " + e);
            }
            assertThat(agent.linkType()).isEqualTo(PacketDecoder.LINKTYPE_ETHERNET);
            List<LiveCaptureAgent.Totals> reports = new ArrayList<>();
            LiveCaptureAgent.Totals[] result = new LiveCaptureAgent.Totals[1];
            Throwable[] failure = new Throwable[1];
            Thread capture =
                    new Thread(
                            () -> {
                                try {
                                    result[0] = agent.run(reports::add, Duration.ofMillis(200));
                                } catch (Throwable t) {
                                    failure[0] = t;
                                }
                            },
                            "capture");
            capture.start();

            before = System.currentTimeMillis() * 1_000_000L - 1_000_000_000L;
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
                srcPort = socket.getLocalPort();
                for (int i = 0; i < DATAGRAMS; i++) {
                    String payload =
                            String.format("phalanx-capture-it datagram %02d of %d", i, DATAGRAMS);
                    byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(b, b.length, peer, DST_PORT));
                    sent.add(payload);
                }
                // noise the filter must keep out: another destination port
                byte[] noise = "not for the agent".getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(noise, noise.length, peer, DST_PORT + 1));
            }
            after = System.currentTimeMillis() * 1_000_000L + 1_000_000_000L;

            // the frames are in the kernel's buffer; wait (bounded) until the agent has read them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (agent.packets() < DATAGRAMS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            agent.stop();
            capture.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(capture.isAlive()).as("capture thread ended after stop()").isFalse();
            assertThat(failure[0]).isNull();
            totals = result[0];
        }

        assertThat(totals.packets()).isEqualTo(DATAGRAMS);
        assertThat(totals.batches()).isGreaterThanOrEqualTo((DATAGRAMS + 3) / 4);
        assertThat(totals.pcapDropped()).isZero();

        List<ConsumerRecord<String, byte[]>> records = readAll(Topics.PACKETS);
        assertThat(records).hasSize((int) totals.batches());
        PacketDecoder decoder = new PacketDecoder();
        CaptureFrame frame = new CaptureFrame();
        List<String> payloads = new ArrayList<>();
        long lastTs = Long.MIN_VALUE;
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(r.key()).isEqualTo(CAPTURE_POINT);
            PacketBatch.Reader batch = new PacketBatch.Reader(r.value());
            assertThat(batch.linkType()).isEqualTo(PacketDecoder.LINKTYPE_ETHERNET);
            while (batch.next(frame)) {
                PacketEvent p = new PacketEvent();
                assertThat(
                                decoder.decode(
                                        frame.linkType,
                                        frame.buf,
                                        frame.offset,
                                        frame.capturedLen,
                                        p))
                        .isEqualTo(PacketDecoder.Status.PACKET);
                assertThat(p.proto).isEqualTo(PacketEvent.PROTO_UDP);
                assertThat(p.srcPort).isEqualTo(srcPort);
                assertThat(p.dstPort).isEqualTo(DST_PORT);
                assertThat(IpAddresses.format(p.dstIp)).isEqualTo(peer.getHostAddress());
                assertThat(frame.wireLen).isEqualTo(frame.capturedLen);
                assertThat(frame.tsNanos).isBetween(before, after).isGreaterThanOrEqualTo(lastTs);
                lastTs = frame.tsNanos;
                payloads.add(udpPayload(frame, p.payloadLen));
            }
        }
        // one partition per capture point: batches, and the frames in them, in capture order
        assertThat(payloads).containsExactlyElementsOf(sent);
    }

    /** The UDP payload of an Ethernet/IPv4 frame: after the 14-byte header, IHL and 8 bytes. */
    private static String udpPayload(CaptureFrame f, int payloadLen) {
        int ip = f.offset + 14;
        int ihl = (f.buf[ip] & 0x0f) * 4;
        int start = ip + ihl + 8;
        return new String(
                Arrays.copyOfRange(f.buf, start, start + payloadLen), StandardCharsets.US_ASCII);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** The outcome of a setup command: null, or what went wrong. */
    private record Step(String problem) {
        Step orElse(java.util.function.Supplier<Step> next) {
            return problem == null ? next.get() : this;
        }
    }

    private static Step sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Step(String.join(" ", cmd) + ": did not finish");
            }
            return p.exitValue() == 0
                    ? new Step(null)
                    : new Step(String.join(" ", cmd) + ": " + out.strip());
        } catch (IOException e) {
            return new Step(String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Step("interrupted");
        }
    }
}
