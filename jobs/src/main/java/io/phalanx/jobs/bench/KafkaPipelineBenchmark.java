package io.phalanx.jobs.bench;

import io.phalanx.connectors.kafka.PacketPublisher;
import io.phalanx.connectors.kafka.TopicAdmin;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.capture.CaptureFrame;
import io.phalanx.jobs.platform.PlatformJob;
import io.phalanx.jobs.platform.PlatformOptions;
import io.phalanx.jobs.replay.ReplayJob;
import io.phalanx.kafka.broker.LocalKafkaBroker;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Kafka -> stitching (RocksDB, exactly-once checkpoints) -> Kafka on this machine, end to end with
 * a real broker (a child JVM on the same cores):
 *
 * <ol>
 *   <li><b>Throughput</b>: publish {@code rounds} copies of a 4-hop capture set (each copy shifted
 *       in time so its conversations are new) as fast as the broker takes them, then run the
 *       platform job bounded over the topic with checkpoints every 10 s; packets per second =
 *       sightings / job wall time.
 *   <li><b>Latency</b>: the job runs unbounded while the same input is published at a fixed rate;
 *       for every network view (one per second of event time) the latency is the time from the
 *       publication of the first packet that moves the watermark past the view's time (its
 *       timestamp at least view time + out-of-orderness) to the view being readable, by a {@code
 *       read_uncommitted} consumer (the pipeline) and by a {@code read_committed} one (what
 *       exactly-once consumers see: bounded below by the checkpoint interval).
 * </ol>
 *
 * Usage: {@code KafkaPipelineBenchmark <capture-set-dir> [rounds] [rate-packets/s] [seconds]}.
 */
public final class KafkaPipelineBenchmark {
    private static final String[] HOPS = {"hop1", "hop2", "hop3", "hop4"};

    public static void main(String[] args) throws Exception {
        Path set = Path.of(args.length > 0 ? args[0] : "samples/captures/delay-40ms-fwd-r2-server");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 100_000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path dir = Files.createTempDirectory("phalanx-kafka-bench");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"))) {
            String servers = broker.bootstrapServers();
            System.out.printf("broker %s; input %s x %d rounds%n", servers, set, rounds);
            throughput(servers, set, rounds, dir);
            latency(servers, set, rate, seconds, dir);
        }
    }

    static void throughput(String servers, Path set, int rounds, Path dir) throws Exception {
        String prefix = "tput.";
        TopicAdmin.ensureTopics(servers, prefix, 4);
        long t0 = System.nanoTime();
        long frames;
        try (PacketPublisher p =
                new PacketPublisher(
                        servers, prefix + Topics.PACKETS, 1024, 1 << 20, Duration.ofMillis(20))) {
            frames = publishRounds(p, set, rounds, 0, null);
        }
        double pubSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "publish: %,d packet sightings in %.1f s = %,.0f/s%n",
                frames, pubSeconds, frames / pubSeconds);

        StreamExecutionEnvironment env = env(dir.resolve("ckpt-tput"));
        PlatformJob.build(
                env,
                PlatformOptions.defaults(servers, List.of(HOPS))
                        .withKafka(true, prefix, "bench-tput", "bench-tput"));
        long j0 = System.nanoTime();
        env.execute("bench throughput");
        double jobSeconds = (System.nanoTime() - j0) / 1e9;
        System.out.printf(
                "stitch (bounded job, RocksDB, exactly-once, checkpoints every 10 s): %,d sightings in %.1f s = %,.0f/s (job start and final commit included)%n",
                frames, jobSeconds, frames / jobSeconds);
    }

    static void latency(String servers, Path set, double rate, int seconds, Path dir)
            throws Exception {
        String prefix = "lat.";
        TopicAdmin.ensureTopics(servers, prefix, 4);
        PlatformOptions o =
                new PlatformOptions(
                        servers,
                        List.of(HOPS),
                        PlatformOptions.defaults(servers, List.of(HOPS)).matchWindow(),
                        PlatformOptions.defaults(servers, List.of(HOPS)).idleTimeout(),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        50,
                        null,
                        null,
                        false,
                        "bench-lat",
                        "bench-lat",
                        prefix);
        StreamExecutionEnvironment env = env(dir.resolve("ckpt-lat"));
        PlatformJob.build(env, o);
        JobClient job = env.executeAsync("bench latency");
        // publication wall time of the first packet at or after each 100 ms of capture time
        ConcurrentSkipListMap<Long, Long> published = new ConcurrentSkipListMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> uncommitted = new ArrayList<>();
        List<long[]> committed = new ArrayList<>();
        Thread u =
                watch(
                        servers,
                        o.topic(Topics.NETWORK),
                        "read_uncommitted",
                        published,
                        stop,
                        uncommitted);
        Thread c =
                watch(
                        servers,
                        o.topic(Topics.NETWORK),
                        "read_committed",
                        published,
                        stop,
                        committed);
        Thread.sleep(3000); // the job's sources and the consumers are assigned
        int rounds = (int) Math.ceil(rate * seconds / 83_740.0);
        long frames;
        long t0 = System.nanoTime();
        try (PacketPublisher p =
                new PacketPublisher(
                        servers, o.topic(Topics.PACKETS), 1024, 1 << 20, Duration.ofMillis(5))) {
            frames = publishRounds(p, set, rounds, rate, published);
        }
        double pubSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(15_000); // the last views and one more checkpoint
        stop.set(true);
        u.join();
        c.join();
        job.cancel().get();
        System.out.printf(
                "latency run: %,d sightings published in %.1f s (%,.0f/s, target %,.0f/s)%n",
                frames, pubSeconds, frames / pubSeconds, rate);
        long ooo = o.outOfOrderness().toMillis();
        report("read_uncommitted (pipeline)", uncommitted, published, ooo);
        report("read_committed (exactly-once visibility)", committed, published, ooo);
    }

    private static StreamExecutionEnvironment env(Path checkpoints) {
        Configuration conf = ReplayJob.embeddedConfiguration("rocksdb", checkpoints);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.enableCheckpointing(10_000);
        return env;
    }

    /**
     * Publishes {@code rounds} copies of the set, copy k shifted by k times (its span + 10 s). With
     * {@code rate} > 0, paces to that many frames per second and records, per 100 ms of capture
     * time, when its first frame was published.
     */
    public static long publishRounds(
            PacketPublisher p,
            Path set,
            int rounds,
            double rate,
            ConcurrentSkipListMap<Long, Long> published)
            throws Exception {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        // one pass to learn the span of the set
        for (String hop : HOPS) {
            try (InputStream in =
                    new BufferedInputStream(Files.newInputStream(set.resolve(hop + ".pcap")))) {
                CaptureFileReader r = CaptureFileReader.open(in, hop, hop, d -> {});
                CaptureFrame f = new CaptureFrame();
                while (r.nextFrame(f)) {
                    first = Math.min(first, f.tsNanos);
                    last = Math.max(last, f.tsNanos);
                }
            }
        }
        long shift = last - first + 10_000_000_000L;
        long frames = 0;
        long start = System.nanoTime();
        long nextBucket = Long.MIN_VALUE;
        for (int k = 0; k < rounds; k++) {
            List<CaptureFileReader> readers = new ArrayList<>();
            List<InputStream> streams = new ArrayList<>();
            CaptureFrame[] heads = new CaptureFrame[HOPS.length];
            for (int h = 0; h < HOPS.length; h++) {
                InputStream in =
                        new BufferedInputStream(
                                Files.newInputStream(set.resolve(HOPS[h] + ".pcap")), 1 << 16);
                streams.add(in);
                readers.add(CaptureFileReader.open(in, HOPS[h], HOPS[h], d -> {}));
                heads[h] = new CaptureFrame();
                if (!readers.get(h).nextFrame(heads[h])) {
                    heads[h] = null;
                }
            }
            while (true) {
                int best = -1;
                for (int h = 0; h < heads.length; h++) {
                    if (heads[h] != null && (best < 0 || heads[h].tsNanos < heads[best].tsNanos)) {
                        best = h;
                    }
                }
                if (best < 0) {
                    break;
                }
                CaptureFrame f = heads[best];
                long original = f.tsNanos;
                f.tsNanos = original + k * shift;
                if (rate > 0) {
                    long due = start + (long) (frames * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        p.flushDue();
                        Thread.onSpinWait();
                    }
                }
                p.add(HOPS[best], f);
                frames++;
                if (published != null) {
                    long bucket = Math.floorDiv(f.tsNanos, 100_000_000L);
                    if (bucket > nextBucket) {
                        published.putIfAbsent(bucket * 100L, System.nanoTime());
                        nextBucket = bucket;
                    }
                }
                if (!readers.get(best).nextFrame(heads[best])) {
                    heads[best] = null;
                }
            }
            for (InputStream in : streams) {
                in.close();
            }
        }
        p.flush();
        return frames;
    }

    /** Collects (view time ms, wall nanos seen) for every network view read at this isolation. */
    private static Thread watch(
            String servers,
            String topic,
            String isolation,
            ConcurrentSkipListMap<Long, Long> published,
            AtomicBoolean stop,
            List<long[]> out) {
        Thread t =
                new Thread(
                        () -> {
                            Properties p = new Properties();
                            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
                            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
                            p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + isolation);
                            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                            p.put(
                                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                    StringDeserializer.class.getName());
                            p.put(
                                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                    StringDeserializer.class.getName());
                            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                                c.subscribe(List.of(topic));
                                while (!stop.get()) {
                                    for (ConsumerRecord<String, String> r :
                                            c.poll(Duration.ofMillis(50))) {
                                        String v = r.value();
                                        int at = v.indexOf("network view at ");
                                        if (at < 0) {
                                            continue;
                                        }
                                        String ts = v.substring(at + 16, v.indexOf('"', at));
                                        synchronized (out) {
                                            out.add(
                                                    new long[] {
                                                        java.time.Instant.parse(ts).toEpochMilli(),
                                                        System.nanoTime()
                                                    });
                                        }
                                    }
                                }
                            }
                        },
                        "watch " + isolation);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void report(
            String name,
            List<long[]> views,
            ConcurrentSkipListMap<Long, Long> published,
            long outOfOrdernessMs) {
        List<Double> lat = new ArrayList<>();
        synchronized (views) {
            for (long[] v : views) {
                // the first packet whose capture time moves the watermark past the view's time
                var pub = published.ceilingEntry(v[0] + outOfOrdernessMs);
                if (pub != null) {
                    lat.add((v[1] - pub.getValue()) / 1e6);
                }
            }
        }
        if (lat.isEmpty()) {
            System.out.printf("%s: no views measured%n", name);
            return;
        }
        double[] a = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                "%s: %d views, latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                name,
                a.length,
                a[(int) Math.floor(0.5 * (a.length - 1))],
                a[(int) Math.floor(0.99 * (a.length - 1))],
                a[a.length - 1]);
    }
}
