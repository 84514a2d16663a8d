package io.phalanx.jobs.cli;

import io.phalanx.connectors.capture.LiveCaptureAgent;
import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.connectors.kafka.TopicAdmin;
import io.phalanx.connectors.kafka.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx capture}: the live capture agent of one capture point. */
@Command(
        name = "capture",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Capture live traffic on an interface and publish it to the packets topic.",
            "",
            "Frames are read through libpcap (root or CAP_NET_RAW needed), cut to --snaplen, and",
            "sent raw in batches keyed by the capture point, which `phalanx run` stitches with",
            "the other hops. Progress, with libpcap's drop counters, goes to stderr; Ctrl-C stops",
            "the capture, flushes what is pending and prints the totals."
        },
        footer = {
            "",
            "Example:",
            "  phalanx capture --iface eth0 --capture-point edge-in --bootstrap 127.0.0.1:9092 \\",
            "                  --bpf \"tcp port 443\" --snaplen 128"
        })
public final class CaptureCommand implements Callable<Integer> {
    @Option(
            names = "--iface",
            required = true,
            paramLabel = "NAME",
            description = "Interface to capture on.")
    String iface;

    @Option(
            names = "--capture-point",
            required = true,
            paramLabel = "ID",
            description = "Capture point id the frames are published under (e.g. edge-in).")
    String capturePoint;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--bpf",
            paramLabel = "FILTER",
            description = "BPF filter, as for tcpdump (default: everything).")
    String bpf;

    @Option(
            names = "--snaplen",
            defaultValue = "256",
            paramLabel = "BYTES",
            description =
                    "Bytes kept of each frame; headers and the first payload bytes the stitcher"
                            + " digests fit in the default (default: ${DEFAULT-VALUE}).")
    int snaplen;

    @Option(names = "--promiscuous", description = "Put the interface in promiscuous mode.")
    boolean promiscuous;

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
            defaultValue = "50ms",
            paramLabel = "DURATION",
            description =
                    "Longest a frame waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    String linger;

    @Option(
            names = "--progress",
            defaultValue = "5s",
            paramLabel = "DURATION",
            description = "Interval of the progress lines on stderr (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Stop by itself after this long (default: until Ctrl-C).")
    String duration;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Duration lingerTime = Durations.parse(linger, "--linger");
        Duration every = Durations.parse(progress, "--progress");
        Duration stopAfter = duration == null ? null : Durations.parse(duration, "--duration");
        LiveCaptureAgent.Options options =
                LiveCaptureAgent.Options.of(iface, capturePoint, snaplen)
                        .withFilter(bpf)
                        .withPromiscuous(promiscuous);
        List<String> created = TopicAdmin.ensureTopics(bootstrap, topicPrefix, 4);
        if (!created.isEmpty()) {
            err.println("created topics " + created);
        }
        String topic = topicPrefix + Topics.PACKETS;
        CountDownLatch finished = new CountDownLatch(1);
        try {
            LiveCaptureAgent.Totals totals =
                    capture(options, topic, lingerTime, every, stopAfter, finished, err);
            err.println("capture " + capturePoint + " stopped: " + totals);
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private LiveCaptureAgent.Totals capture(
            LiveCaptureAgent.Options options,
            String topic,
            Duration lingerTime,
            Duration every,
            Duration stopAfter,
            CountDownLatch finished,
            PrintStream err)
            throws Exception {
        try (PacketPublisher publisher =
                        new PacketPublisher(bootstrap, topic, batchFrames, 1 << 20, lingerTime);
                LiveCaptureAgent agent = new LiveCaptureAgent(options, publisher)) {
            agent.open();
            Thread onCtrlC =
                    new Thread(
                            () -> {
                                agent.stop();
                                try {
                                    // let the capture flush and print its totals before the JVM
                                    // halts
                                    finished.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "stop capture");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            if (stopAfter != null) {
                Thread timer =
                        new Thread(
                                () -> {
                                    try {
                                        Thread.sleep(stopAfter.toMillis());
                                        agent.stop();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "capture duration");
                timer.setDaemon(true);
                timer.start();
            }
            err.printf(
                    "capturing on %s%s as %s (link type %d, %s timestamps, snaplen %d) to %s%n",
                    iface,
                    bpf == null ? "" : " [" + bpf + "]",
                    capturePoint,
                    agent.linkType(),
                    agent.nanosecondTimestamps() ? "ns" : "µs",
                    snaplen,
                    topic);
            try {
                return agent.run(t -> err.println("capture " + capturePoint + ": " + t), every);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for us to print the totals
                }
            }
        }
    }
}
