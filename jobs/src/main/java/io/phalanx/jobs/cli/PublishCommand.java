package io.phalanx.jobs.cli;

import io.phalanx.connectors.kafka.CaptureFilePublisher;
import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.connectors.kafka.TopicAdmin;
import io.phalanx.connectors.kafka.Topics;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx publish}: streams capture files into the packets topic. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Stream historical captures into the platform's packets topic.",
            "",
            "The frames of all files are merged in timestamp order and published under their",
            "capture point, at the original pace times --speed, as capture agents would have sent",
            "them; `phalanx run` stitches them. Missing topics are created."
        },
        footer = {
            "",
            "Example:",
            "  phalanx publish --bootstrap 127.0.0.1:9092 --capture hop1=a.pcap --capture hop2=b.pcap --speed 10x"
        })
public final class PublishCommand implements Callable<Integer> {

    @Option(
            names = "--capture",
            required = true,
            paramLabel = "ID=FILE",
            description = "A capture file and the capture point it was taken at (repeat per file).")
    List<String> captures = new ArrayList<>();

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--speed",
            defaultValue = "max",
            paramLabel = "FACTOR",
            description =
                    "Pace: 1x replays in real time, 10x ten times faster, max as fast as the broker takes (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            paramLabel = "PREFIX",
            description = "Prefix of every topic name (must match `phalanx run`).")
    String topicPrefix;

    @Option(
            names = "--batch-frames",
            defaultValue = "512",
            description = "Frames per Kafka record at most (default: ${DEFAULT-VALUE}).")
    int batchFrames;

    @Option(
            names = "--linger",
            defaultValue = "20ms",
            paramLabel = "DURATION",
            description =
                    "Longest a frame waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    String linger;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print no progress.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        double pace = CaptureSpec.speed(speed);
        List<CaptureFilePublisher.Input> inputs = new ArrayList<>();
        for (CaptureSpec c : CaptureSpec.parseAll(captures, true)) {
            inputs.add(new CaptureFilePublisher.Input(c.id(), c.file()));
        }
        List<String> created = TopicAdmin.ensureTopics(bootstrap, topicPrefix, 4);
        if (!quiet && !created.isEmpty()) {
            err.println("created topics " + created);
        }
        String topic = topicPrefix + Topics.PACKETS;
        CaptureFilePublisher.Result r;
        try (PacketPublisher publisher =
                new PacketPublisher(
                        bootstrap,
                        topic,
                        batchFrames,
                        1 << 20,
                        Durations.parse(linger, "--linger"))) {
            long start = System.nanoTime();
            r =
                    new CaptureFilePublisher(publisher)
                            .publish(
                                    inputs,
                                    pace,
                                    d -> err.println("dead letter: " + d),
                                    quiet
                                            ? null
                                            : (frames, ts) ->
                                                    err.printf(
                                                            "published %,d frames (%.0f/s), capture time %s%n",
                                                            frames,
                                                            frames
                                                                    / ((System.nanoTime() - start)
                                                                            / 1e9),
                                                            Instant.ofEpochSecond(0, ts)));
        }
        if (!quiet) {
            err.printf(
                    "published %,d frames in %,d records (%.1f MB) to %s in %.1f s; %d dead letter(s)%n",
                    r.frames(), r.batches(), r.bytes() / 1e6, topic, r.seconds(), r.deadLetters());
        }
        return 0;
    }
}
