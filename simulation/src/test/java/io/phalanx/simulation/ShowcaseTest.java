package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.ImpactUpdate;
import io.phalanx.core.events.JsonLinesFile;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.stitch.Topology;
import io.phalanx.core.twin.TwinHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every showcase, generated once with its default seed: the side files follow the feed contract,
 * their timestamps line up with the injected fault, and what was generated agrees with the
 * showcase's {@link ShowcaseOutcome}.
 */
class ShowcaseTest {
    @TempDir static Path tmp;

    private static final Map<Showcase, GeneratedShowcase> SETS = new EnumMap<>(Showcase.class);
    private static final Map<Showcase, Feeds> FEEDS = new EnumMap<>(Showcase.class);

    /** A showcase's side files as read back. */
    record Feeds(
            List<MetricSample> metrics,
            List<LogRecord> logs,
            List<DeployEvent> deploys,
            List<ImpactUpdate> impacts,
            List<DeadLetter> deadLetters) {}

    @BeforeAll
    static void generateEveryShowcase() throws IOException {
        for (Showcase s : Showcase.values()) {
            GeneratedShowcase g =
                    GeneratedShowcase.generate(s, s.defaultSeed(), tmp.resolve(s.id()), false);
            SETS.put(s, g);
            FEEDS.put(s, read(g.dir()));
        }
    }

    static Feeds read(Path dir) throws IOException {
        List<DeadLetter> dead = new ArrayList<>();
        return new Feeds(
                JsonLinesFile.read(
                        dir.resolve("metrics.jsonl"), "metrics", EventJson::metric, dead::add),
                JsonLinesFile.read(dir.resolve("logs.jsonl"), "logs", EventJson::log, dead::add),
                JsonLinesFile.read(
                        dir.resolve("deploys.jsonl"), "deploys", EventJson::deploy, dead::add),
                JsonLinesFile.read(
                        dir.resolve("impact.jsonl"), "impact", EventJson::impact, dead::add),
                dead);
    }

    @ParameterizedTest
    @EnumSource(Showcase.class)
    void sideFilesParseWithoutDeadLetters(Showcase s) throws IOException {
        Feeds f = FEEDS.get(s);
        assertThat(f.deadLetters()).isEmpty();
        // 15 minutes at 15 s: 60 samples per series; 8 hosts + 6 services x 3 series.
        assertThat(f.metrics()).hasSize(60 * (8 + 6 * 3));
        assertThat(f.impacts()).hasSize(ShopEnvironment.SERVICES.size());
        assertThat(f.logs()).isNotEmpty();
        assertThat(f.metrics())
                .isSortedAccordingTo(Comparator.comparingLong(MetricSample::timestampMillis));
        assertThat(f.logs())
                .isSortedAccordingTo(Comparator.comparingLong(LogRecord::timestampMillis));
        Topology topology = Topology.read(SETS.get(s).dir().resolve("topology.json"));
        topology.validateAgainst(ChainTopology.CAPTURE_POINTS);
        for (Direction d : Direction.values()) {
            assertThat(topology.paths().get(d.ordinal()).capturePoints())
                    .isEqualTo(s.expectedOutcome().network().paths().get(d));
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesAndAnotherSeedOtherOnes() throws IOException {
        for (Showcase s :
                List.of(Showcase.DEPLOY_CONGESTION, Showcase.MAJOR_OUTAGE, Showcase.LAUNCH_3X)) {
            Path again =
                    GeneratedShowcase.generate(
                                    s, s.defaultSeed(), tmp.resolve("again-" + s.id()), false)
                            .dir();
            Path first = SETS.get(s).dir();
            try (Stream<Path> files = Files.list(first)) {
                for (Path f : files.toList()) {
                    assertThat(Files.readAllBytes(again.resolve(f.getFileName())))
                            .as("%s of %s", f.getFileName(), s.id())
                            .isEqualTo(Files.readAllBytes(f));
                }
            }
        }
        Path other =
                GeneratedShowcase.generate(
                                Showcase.DEPLOY_CONGESTION, 7, tmp.resolve("seed-7"), false)
                        .dir();
        assertThat(Files.readAllBytes(other.resolve("metrics.jsonl")))
                .isNotEqualTo(
                        Files.readAllBytes(
                                SETS.get(Showcase.DEPLOY_CONGESTION)
                                        .dir()
                                        .resolve("metrics.jsonl")));
        assertThat(Files.readAllBytes(other.resolve("hop2.pcap")))
                .isNotEqualTo(
                        Files.readAllBytes(
                                SETS.get(Showcase.DEPLOY_CONGESTION).dir().resolve("hop2.pcap")));
    }

    @ParameterizedTest
    @EnumSource(Showcase.class)
    void theCaptureOpensAtTheOnsetAndNoSymptomPrecedesIt(Showcase s) {
        ShowcaseOutcome o = s.expectedOutcome();
        Feeds f = FEEDS.get(s);
        long firstPacketNanos = SETS.get(s).captureSet().recordsAt("hop1").get(0).recordedNanos();
        // The first ping leaves the client at the onset and reaches hop1 after one stretch (20 µs
        // plus serialisation).
        assertThat(firstPacketNanos - o.faultOnsetMillis() * 1_000_000L).isBetween(0L, 100_000L);
        assertThat(f.logs().stream().filter(l -> !l.level().equals("INFO")))
                .allSatisfy(
                        l ->
                                assertThat(l.timestampMillis())
                                        .isGreaterThanOrEqualTo(o.faultOnsetMillis()));
        for (MetricSample m : f.metrics()) {
            if (m.name().equals("error_ratio") && m.timestampMillis() < o.faultOnsetMillis()) {
                assertThat(m.value()).as(m.series()).isLessThan(0.0011);
            }
        }
        if (o.culpritService() != null) {
            assertThat(f.deploys())
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.service()).isEqualTo(o.culpritService());
                                assertThat(d.version()).isEqualTo(o.culpritVersion());
                                assertThat(o.faultOnsetMillis() - d.timestampMillis())
                                        .isEqualTo(o.changeLeadMillis());
                            });
        } else {
            assertThat(f.deploys()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Showcase.class)
    void incidentsAreTheServicesWhoseErrorsRiseRankedByBusinessValue(Showcase s) {
        ShowcaseOutcome o = s.expectedOutcome();
        Feeds f = FEEDS.get(s);
        for (ShopEnvironment.Service svc : ShopEnvironment.SERVICES) {
            double worst =
                    f.metrics().stream()
                            .filter(
                                    m ->
                                            m.name().equals("error_ratio")
                                                    && svc.name().equals(m.service()))
                            .mapToDouble(MetricSample::value)
                            .max()
                            .orElseThrow();
            assertThat(worst > 0.01)
                    .as(svc.name())
                    .isEqualTo(o.incidentsByPriority().contains(svc.name()));
        }
        Map<String, Double> revenue = new java.util.HashMap<>();
        f.impacts().forEach(i -> revenue.put(i.service(), i.revenuePerMinute()));
        List<String> byRevenue = new ArrayList<>(o.incidentsByPriority());
        byRevenue.sort(Comparator.comparingDouble(revenue::get).reversed());
        assertThat(o.incidentsByPriority()).isEqualTo(byRevenue);
    }

    @Test
    void deployThenCongestionThenHotCpuThenTimeouts() {
        ShowcaseOutcome o = Showcase.DEPLOY_CONGESTION.expectedOutcome();
        Feeds f = FEEDS.get(Showcase.DEPLOY_CONGESTION);
        long deploy = o.faultOnsetMillis() - o.changeLeadMillis();
        List<MetricSample> cpu =
                f.metrics().stream()
                        .filter(
                                m ->
                                        m.name().equals("cpu_utilization")
                                                && o.hotHost().equals(m.host()))
                        .toList();
        assertThat(cpu.stream().filter(m -> m.timestampMillis() < deploy))
                .allSatisfy(m -> assertThat(m.value()).isCloseTo(0.35, within(0.01)));
        assertThat(cpu.stream().filter(m -> m.timestampMillis() >= o.faultOnsetMillis()))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.value()).isGreaterThanOrEqualTo(o.hotHostMinCpu()));
        assertThat(
                        f.metrics().stream()
                                .filter(
                                        m ->
                                                m.name().equals("cpu_utilization")
                                                        && !o.hotHost().equals(m.host())))
                .allSatisfy(m -> assertThat(m.value()).isLessThan(0.5));
        List<LogRecord> timeouts =
                f.logs().stream().filter(l -> l.message().contains("timeout")).toList();
        assertThat(timeouts)
                .isNotEmpty()
                .allSatisfy(
                        l -> {
                            assertThat(l.service()).isEqualTo(o.timeoutService());
                            assertThat(l.level()).isEqualTo("ERROR");
                            assertThat(l.timestampMillis()).isGreaterThan(o.faultOnsetMillis());
                        });
        // The packets: the congested segment queues and drops from the first packet on.
        CaptureSet.SegmentTruth hop23 =
                SETS.get(Showcase.DEPLOY_CONGESTION)
                        .captureSet()
                        .measure(Direction.CLIENT_TO_SERVER, "hop2", "hop3");
        ExpectedOutcome.SegmentExpectation e = o.network().segment("hop2", "hop3");
        assertThat(hop23.medianLatencyMs())
                .isCloseTo(e.expectedMedianLatencyMs(), within(e.delayToleranceMs()));
        assertThat(hop23.lossRatio()).isCloseTo(e.lossRatio(), within(e.lossTolerance()));
    }

    @Test
    void theOutageDropsAQuarterOfPacketsBetweenHop1AndHop2() {
        ShowcaseOutcome o = Showcase.MAJOR_OUTAGE.expectedOutcome();
        ExpectedOutcome.SegmentExpectation e = o.network().segment("hop1", "hop2");
        CaptureSet.SegmentTruth t =
                SETS.get(Showcase.MAJOR_OUTAGE)
                        .captureSet()
                        .measure(Direction.CLIENT_TO_SERVER, "hop1", "hop2");
        assertThat(t.lossRatio()).isCloseTo(e.lossRatio(), within(e.lossTolerance()));
        assertThat(o.network().segment("hop2", "hop3").lossRatio()).isZero();
        assertThat(
                        SETS.get(Showcase.MAJOR_OUTAGE)
                                .captureSet()
                                .measure(Direction.CLIENT_TO_SERVER, "hop2", "hop3")
                                .lost())
                .isZero();
    }

    @Test
    void concurrentIncidentsTheWikiBurnsFasterButPaymentsRanksFirst() {
        Feeds f = FEEDS.get(Showcase.CONCURRENT_INCIDENTS);
        double wiki = maxError(f, "wiki");
        double payments = maxError(f, "payments");
        assertThat(wiki).isGreaterThan(5 * payments);
        assertThat(Showcase.CONCURRENT_INCIDENTS.expectedOutcome().incidentsByPriority())
                .containsExactly("payments", "wiki");
    }

    @Test
    void theLaunchHistoryIsAtOneTimesAndTheObservationAtThree() throws IOException {
        Path dir = SETS.get(Showcase.LAUNCH_3X).dir();
        List<DeadLetter> dead = new ArrayList<>();
        TwinHistory h1 =
                TwinHistory.fromMetrics(
                        JsonLinesFile.read(
                                dir.resolve("history-1x.jsonl"),
                                "metrics",
                                EventJson::metric,
                                dead::add));
        TwinHistory h3 =
                TwinHistory.fromMetrics(
                        JsonLinesFile.read(
                                dir.resolve("observed-3x.jsonl"),
                                "metrics",
                                EventJson::metric,
                                dead::add));
        assertThat(dead).isEmpty();
        assertThat(h1.minutes()).hasSize(Showcase.LAUNCH_MINUTES);
        assertThat(h3.minutes()).hasSize(Showcase.LAUNCH_MINUTES);
        assertThat(h1.minutes().get(0).startMillis())
                .isEqualTo(GeneratedShowcase.HISTORY_START_MILLIS);
        assertThat(h3.minutes().get(0).startMillis()).isEqualTo(Showcase.ONSET);
        double r1 = meanRate(h1, "web");
        double r3 = meanRate(h3, "web");
        // Base 38 req/s with a ±5 % wave and ±3 % noise; the ratio is the launch's multiplier.
        assertThat(r1).isCloseTo(38, within(1.5));
        assertThat(r3 / r1)
                .isCloseTo(Showcase.LAUNCH_3X.expectedOutcome().launchMultiplier(), within(0.1));
        assertThat(h1.servers("payments")).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("slo.yaml")))
                .contains("le=\\\"0.5\\\"".replace("\\\"", "\""));
    }

    private static double meanRate(TwinHistory h, String service) {
        return h.minutes().stream()
                .mapToDouble(m -> m.services().get(service).arrivalRate())
                .average()
                .orElseThrow();
    }

    private static double maxError(Feeds f, String service) {
        return f.metrics().stream()
                .filter(m -> m.name().equals("error_ratio") && service.equals(m.service()))
                .mapToDouble(MetricSample::value)
                .max()
                .orElseThrow();
    }
}
