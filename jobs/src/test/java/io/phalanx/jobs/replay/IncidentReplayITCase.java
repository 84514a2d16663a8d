package io.phalanx.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.replay.ReplayOptions.CaptureInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Incidents from the replay of the bundled capture sets (samples/captures, the same sets as
 * ../shared/captures): the baseline yields none; each faulty set yields one whose top hypothesis
 * names the injected cause on the segment the ground truth blames, in the direction of travel; the
 * segment KPIs add up to the end-of-input segment figures; incident updates carry increasing
 * versions and the report holds the last. A cross-domain run adds metrics, logs and a deploy whose
 * timestamps line up with the delay set's capture.
 */
class IncidentReplayITCase extends CaptureSetTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(ReplayJob.embeddedConfiguration("rocksdb", null))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path tmp;

    /** What one replay produced. */
    record Run(ReplayReport report, List<SegmentKpi> kpis, List<JsonNode> updates) {}

    static Run run(String set, IncidentOptions incidents) throws Exception {
        List<CaptureInput> inputs = new ArrayList<>();
        for (String hop : HOPS) {
            inputs.add(CaptureInput.at(hop, set(set).resolve(hop + ".pcap")));
        }
        ReplayOptions d = ReplayOptions.defaults(inputs);
        ReplayOptions options =
                new ReplayOptions(
                        d.captures(),
                        d.matchWindow(),
                        d.idleTimeout(),
                        d.outOfOrderness(),
                        d.maxConversations(),
                        null,
                        null,
                        null,
                        incidents);
        Configuration conf = ReplayJob.embeddedConfiguration("rocksdb", null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        ReplayJob.Outputs out = ReplayJob.buildAll(env, options);
        List<SegmentKpi> kpis = new ArrayList<>();
        List<JsonNode> updates = new ArrayList<>();
        ReplayReport report;
        try (CloseableIterator<String> r = out.report().collectAsync();
                CloseableIterator<SegmentKpi> k = out.segmentKpis().collectAsync();
                CloseableIterator<String> u = out.incidentUpdates().collectAsync()) {
            env.executeAsync("incident replay " + set);
            report = ReportJson.fromJson(r.next());
            assertThat(r.hasNext()).as("one report").isFalse();
            k.forEachRemaining(kpis::add);
            while (u.hasNext()) {
                updates.add(JSON.readTree(u.next()));
            }
        }
        return new Run(report, kpis, updates);
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "delay-40ms-fwd-r2-server", "loss-3pct-fwd-r1-r2"})
    void eachSetYieldsTheIncidentOfItsInjectedFault(String set) throws Exception {
        Run run = run(set, IncidentOptions.none());
        JsonNode fault = ReplayJobITCase.groundTruth(set).get("fault");
        if (fault.get("type").asText().equals("none")) {
            assertThat(run.report().incidents).as("baseline: no incident").isEmpty();
            assertThat(run.updates()).as("baseline: no incident update").isEmpty();
        } else {
            assertThat(run.report().incidents).hasSize(1);
            ReplayReport.Incident incident = run.report().incidents.get(0);
            ReplayReport.Hypothesis top = incident.diagnosis.hypotheses.get(0);
            String cause = fault.get("type").asText().equals("delay") ? "LATENCY" : "LOSS";
            assertThat(top.cause).isEqualTo(cause);
            assertThat(top.segment.from + "->" + top.segment.to)
                    .as("the segment to blame, in the direction of travel")
                    .isEqualTo(fault.get("segment").get("label").asText());
            assertThat(top.evidence)
                    .as("the worst conversations crossing the segment are linked by uid")
                    .anyMatch(e -> e.startsWith("worst conversation C"));
            assertThat(incident.diagnosis.hypotheses)
                    .as("loss is not reordering, added delay is not congestion")
                    .noneMatch(h -> h.cause.equals("REORDERING") || h.cause.equals("CONGESTION"));
            assertThat(incident.innocent)
                    .as("the other segments of the faulty direction are cleared with figures")
                    .filteredOn(i -> i.segment != null)
                    .extracting(i -> i.segment.from + "->" + i.segment.to)
                    .contains("hop3->hop4", "hop4->hop3")
                    .doesNotContain(fault.get("segment").get("label").asText());
            assertThat(incident.narrative)
                    .startsWith(
                            (cause.equals("LATENCY") ? "Added latency" : "Packet loss")
                                    + " between "
                                    + top.segment.from
                                    + " and "
                                    + top.segment.to);
            // Versioned updates: increasing versions of one incident, the report holds the last.
            assertThat(run.updates()).isNotEmpty();
            int previous = 0;
            for (JsonNode u : run.updates()) {
                assertThat(u.get("id").asText()).isEqualTo(incident.id);
                assertThat(u.get("version").asInt()).isGreaterThan(previous);
                previous = u.get("version").asInt();
            }
            assertThat(incident.version).isEqualTo(previous);
        }
        kpisAddUpToTheReport(run);
    }

    /** Summed over intervals, each segment's KPIs give the end-of-input packets and loss. */
    private static void kpisAddUpToTheReport(Run run) {
        assertThat(run.kpis()).isNotEmpty();
        Map<String, long[]> sums = new HashMap<>();
        for (SegmentKpi k : run.kpis()) {
            assertThat(k.endMs() - k.startMs()).isEqualTo(5000);
            assertThat(k.startMs() % 5000).isZero();
            long[] s = sums.computeIfAbsent(k.from() + "->" + k.to(), x -> new long[2]);
            s[0] += k.packets();
            s[1] += k.lost();
        }
        for (ReplayReport.Segment s : run.report().segments) {
            long[] sum = sums.get(s.from + "->" + s.to);
            assertThat(sum).as("KPIs of %s->%s", s.from, s.to).isNotNull();
            assertThat(sum[0]).as("packets of %s->%s", s.from, s.to).isEqualTo(s.packets);
            assertThat(sum[1])
                    .as("lost packets of %s->%s", s.from, s.to)
                    .isEqualTo(Math.round(s.lossRatio * s.packets));
        }
    }

    @Test
    void delayedSegmentShowsItsDelayInEveryInterval() throws Exception {
        Run run = run("delay-40ms-fwd-r2-server", IncidentOptions.none());
        List<SegmentKpi> delayed =
                run.kpis().stream()
                        .filter(k -> k.from().equals("hop2") && k.to().equals("hop3"))
                        .toList();
        assertThat(delayed).hasSizeGreaterThanOrEqualTo(3);
        for (SegmentKpi k : delayed) {
            // netem's 40 ms plus the ~0.05 ms of the segment itself; 1 ms as in ReplayJobITCase.
            assertThat(k.latencyP50Ms()).isCloseTo(40.0, within(1.0));
        }
        for (SegmentKpi k : run.kpis()) {
            if (!(k.from().equals("hop2") && k.to().equals("hop3")) && k.latencyP50Ms() != null) {
                assertThat(k.latencyP50Ms()).as("%s", k).isLessThan(1.0);
            }
        }
    }

    /** Side files whose timestamps line up with the delay set's capture. */
    private Path[] sideFiles(long captureStartMs, long captureEndMs, boolean withDeploy)
            throws Exception {
        long firstInterval = Math.floorDiv(captureStartMs, 5000) * 5000;
        List<String> metrics = new ArrayList<>();
        for (long t = firstInterval - 60_000; t <= captureEndMs; t += 5000) {
            double cpu = t < firstInterval ? 0.30 : 0.95;
            metrics.add(metric(t, "checkout", "checkout-1", cpu));
            metrics.add(metric(t, "payments", "payments-1", 0.35));
        }
        List<String> logs = new ArrayList<>();
        long span = captureEndMs - captureStartMs;
        for (int i = 0; i < 120; i++) {
            logs.add(
                    String.format(
                            "{\"v\":1,\"ts\":\"%s\",\"service\":\"checkout\",\"host\":\"checkout-1\",\"level\":\"ERROR\",\"message\":\"upstream timeout after 2000 ms\"}",
                            Instant.ofEpochMilli(captureStartMs + 500 + i * (span - 1000) / 120)));
        }
        logs.add(
                String.format(
                        "{\"v\":1,\"ts\":\"%s\",\"service\":\"payments\",\"host\":\"payments-1\",\"level\":\"INFO\",\"message\":\"charged order 17\"}",
                        Instant.ofEpochMilli(captureStartMs + 1000)));
        Path m = Files.write(tmp.resolve("m.jsonl"), metrics);
        Path l = Files.write(tmp.resolve("l.jsonl"), logs);
        Path d = null;
        if (withDeploy) {
            d =
                    Files.write(
                            tmp.resolve("d.jsonl"),
                            List.of(
                                    String.format(
                                            "{\"v\":1,\"ts\":\"%s\",\"service\":\"checkout\",\"version\":\"v42\",\"previousVersion\":\"v41\",\"actor\":\"github-actions\"}",
                                            Instant.ofEpochMilli(firstInterval - 40_000))));
        }
        return new Path[] {m, l, d};
    }

    private static String metric(long t, String service, String host, double value) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"v\":1,\"ts\":\"%s\",\"name\":\"cpu_utilization\",\"value\":%.2f,\"labels\":{\"service\":\"%s\",\"host\":\"%s\"}}",
                Instant.ofEpochMilli(t),
                value,
                service,
                host);
    }

    @Test
    void crossDomainIncidentCombinesTheDeployTheCpuAndTheLogs() throws Exception {
        String set = "delay-40ms-fwd-r2-server";
        JsonNode window = ReplayJobITCase.groundTruth(set).get("capture_window");
        long start = window.get("start_epoch_ns").asLong() / 1_000_000L;
        long end = window.get("end_epoch_ns").asLong() / 1_000_000L;
        Path[] files = sideFiles(start, end, true);
        Run run = run(set, new IncidentOptions(files[0], files[1], files[2], null, null));
        assertThat(run.report().incidents).hasSize(1);
        ReplayReport.Incident incident = run.report().incidents.get(0);
        ReplayReport.Hypothesis top = incident.diagnosis.hypotheses.get(0);
        assertThat(top.cause).isEqualTo("LATENCY");
        assertThat(top.segment.from + "->" + top.segment.to).isEqualTo("hop2->hop3");
        assertThat(incident.diagnosis.hypotheses)
                .extracting(h -> h.cause)
                .contains("DEPLOY_REGRESSION", "CPU_SATURATION");
        ReplayReport.Hypothesis deploy =
                incident.diagnosis.hypotheses.stream()
                        .filter(h -> h.cause.equals("DEPLOY_REGRESSION"))
                        .findFirst()
                        .orElseThrow();
        assertThat(deploy.entity).isEqualTo("service:checkout");
        assertThat(deploy.evidence).anyMatch(e -> e.contains("deploy checkout v42 (from v41"));
        ReplayReport.Hypothesis cpu =
                incident.diagnosis.hypotheses.stream()
                        .filter(h -> h.cause.equals("CPU_SATURATION"))
                        .findFirst()
                        .orElseThrow();
        assertThat(cpu.entity).isEqualTo("host:checkout-1");
        assertThat(incident.narrative)
                .startsWith(
                        "Added latency between hop2 and hop3 began 40 s after deploy checkout v42;"
                                + " CPU on checkout-1 rose to 95 %; 120 timeouts in checkout logs.");
        assertThat(incident.innocent)
                .as("payments is cleared with its figures")
                .anySatisfy(
                        i -> {
                            assertThat(i.entity).isEqualTo("service:payments");
                            assertThat(i.reason).contains("CPU peak 35 %").contains("0 timeouts");
                        });

        Run without = run(set, new IncidentOptions(files[0], files[1], null, null, null));
        ReplayReport.Incident plain = without.report().incidents.get(0);
        assertThat(plain.diagnosis.hypotheses)
                .extracting(h -> h.cause)
                .doesNotContain("DEPLOY_REGRESSION")
                .contains("LATENCY", "CPU_SATURATION");
        assertThat(plain.narrative).doesNotContain("deploy");
    }
}
