package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.ImpactUpdate;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.core.report.ReportJson;
import io.phalanx.jobs.slo.SloJobTestBase;
import io.phalanx.jobs.slo.records.MetricPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phalanx replay --slo ... --metrics ... --impact ... --prioritization ...} as a user runs
 * it: the scenario of {@code SloScenarioITCase} as side files next to a capture set, and the
 * report's {@code slos[]} and {@code incidents[].priority}; unusable SLO and rules files stop the
 * replay before it starts with {@code file:line: reason}.
 */
class SloReplayCommandITCase extends SloJobTestBase {
    static final Path REPO = Path.of(System.getProperty("phalanx.repo.root", ".."));

    @TempDir Path tmp;

    private List<String> replay(Path report) {
        List<String> args =
                new ArrayList<>(List.of("replay", "--quiet", "--report", report.toString()));
        for (String hop : List.of("hop1", "hop2")) {
            args.add("--capture");
            args.add(
                    hop
                            + "="
                            + ReplayCommandITCase.SAMPLES
                                    .resolve("baseline")
                                    .resolve(hop + ".pcap"));
        }
        return args;
    }

    private Path scenarioFiles() throws Exception {
        Path slo = tmp.resolve("slos.yaml");
        Files.writeString(
                slo,
                String.join(
                        "---\n",
                        availabilitySlo(
                                "ci-dashboard-availability",
                                "ci-dashboard",
                                100,
                                "{revenuePerMinute: 0, customerTier: internal, usersAffected: 300}"),
                        availabilitySlo(
                                "checkout-availability",
                                "checkout",
                                100,
                                "{customerTier: internal}")));
        List<String> metrics = new ArrayList<>();
        List<MetricPoint> points = new ArrayList<>();
        points.addAll(traffic("ci-dashboard", 200, 1000, m -> m >= 120 ? 30 : 0));
        points.addAll(traffic("checkout", 200, 1000, m -> m >= 135 && m < 160 ? 50 : 0));
        for (MetricPoint p : points) {
            metrics.add(
                    EventJson.toJson(
                            new MetricSample(p.timestampMillis, p.name, p.value, p.labels())));
        }
        metrics.add("{\"v\":1,\"name\":\"no timestamp\"}");
        Files.write(tmp.resolve("metrics.jsonl"), metrics);
        Files.write(
                tmp.resolve("impact.jsonl"),
                List.of(
                        EventJson.toJson(
                                new ImpactUpdate(
                                        minute(0), "checkout", 2400, "enterprise", 250_000)),
                        EventJson.toJson(
                                new ImpactUpdate(minute(0), "ci-dashboard", 0, "internal", 300)),
                        EventJson.toJson(
                                new ImpactUpdate(minute(0), "billing", 10, "platinum", 5))));
        return slo;
    }

    /** Phalanx's own KPI as an SLI: loss under 0.1 % on the baseline set's hop1 -> hop2. */
    private Path segmentSlo() throws Exception {
        Path slo = tmp.resolve("segment-slo.yaml");
        Files.writeString(
                slo,
                kpiSlo(
                                "hop1-hop2-loss",
                                "segment_loss_ratio{from=\"hop1\",to=\"hop2\"} < 0.001",
                                "segment_intervals{from=\"hop1\",to=\"hop2\"}")
                        .replace(
                                "    - target: 0.99",
                                "    - target: 0.99\n  x-phalanx:\n    minimumEvents: 1"));
        return slo;
    }

    @Test
    void theReportCarriesSlosAndIncidentsRankedByBusinessImpact() throws Exception {
        Path slo = scenarioFiles();
        Path report = tmp.resolve("report.json");
        List<String> args = replay(report);
        args.addAll(
                List.of(
                        "--slo", slo.toString(),
                        "--slo", REPO.resolve("docs/examples/slo-checkout.yaml").toString(),
                        "--slo", segmentSlo().toString(),
                        "--metrics", tmp.resolve("metrics.jsonl").toString(),
                        "--impact", tmp.resolve("impact.jsonl").toString(),
                        "--prioritization",
                                REPO.resolve("docs/examples/prioritization-rules.yaml").toString(),
                        "--dead-letters", tmp.resolve("dead.jsonl").toString()));
        ReplayCommandITCase.Run r = ReplayCommandITCase.run(args.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isZero();
        ReplayReport rep = ReportJson.read(report);

        assertThat(rep.slos)
                .extracting(s -> s.name)
                .containsExactly(
                        "ci-dashboard-availability",
                        "checkout-availability",
                        "checkout-latency",
                        "edge-segment-loss",
                        "hop1-hop2-loss");
        ReplayReport.Slo dashboard = rep.slos.get(0);
        assertThat(dashboard.burnRates).containsKeys("5m", "30m", "1h", "6h", "3d");
        assertThat(dashboard.burnRates.get("5m"))
                .isEqualTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(dashboard.firing).contains("page-1h-5m");
        assertThat(dashboard.alerts)
                .extracting(a -> a.rule + " " + a.transition)
                .contains("page-1h-5m fired");
        assertThat(dashboard.budgetRemaining).isNegative();
        ReplayReport.Slo checkout = rep.slos.get(1);
        assertThat(checkout.alerts)
                .extracting(a -> a.rule + " " + a.transition)
                .contains("page-1h-5m fired", "page-1h-5m resolved");
        assertThat(rep.slos.get(2).note).contains("no event");
        ReplayReport.Slo segment = rep.slos.get(4);
        assertThat(segment.name).isEqualTo("hop1-hop2-loss");
        assertThat(segment.totalEvents).as("KPI intervals of hop1 -> hop2").isPositive();
        assertThat(segment.goodEvents)
                .as("no loss in the baseline set")
                .isEqualTo(segment.totalEvents);
        assertThat(segment.budgetRemaining).isEqualTo(1.0);
        assertThat(rep.slos.get(3).note)
                .isEqualTo("no segment KPI interval of edge-fw-in -> lb-in in the captures");

        List<ReplayReport.Incident> ranked =
                rep.incidents.stream().filter(i -> i.priority != null).toList();
        assertThat(ranked)
                .extracting(i -> i.id)
                .containsExactly("slo:ci-dashboard-availability", "slo:checkout-availability");
        assertThat(ranked.get(0).priority.rank).isEqualTo(1);
        assertThat(ranked.get(0).priority.level).isEqualTo("P2");
        assertThat(ranked.get(0).priority.explanation)
                .hasSize(6)
                .first()
                .asString()
                .startsWith("burn rate: 30.0 points");
        assertThat(ranked.get(1).priority.explanation)
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("revenue: 0.0 points")
                                        .contains("2400 per minute"));
        // The metrics line without a timestamp and the impact record of an unknown tier.
        String dead = Files.readString(tmp.resolve("dead.jsonl"));
        assertThat(dead).contains("platinum");
    }

    @Test
    void anInvalidSloFileStopsTheReplayWithFileLineAndReason() throws Exception {
        Path bad = tmp.resolve("bad-slo.yaml");
        Files.writeString(
                bad,
                availabilitySlo("api", "api", 10, "{customerTier: internal}")
                        .replace("target: 0.999", "target: 99.9"));
        List<String> args = replay(tmp.resolve("r.json"));
        args.addAll(List.of("--slo", bad.toString()));
        ReplayCommandITCase.Run r = ReplayCommandITCase.run(args.toArray(new String[0]));
        assertThat(r.exit()).isEqualTo(2);
        int line = lineContaining(bad, "target: 99.9");
        assertThat(line).isPositive();
        assertThat(r.err()).contains(bad + ":" + line + ": ").contains("target");

        Path badQuery = tmp.resolve("bad-query.yaml");
        Files.writeString(
                badQuery,
                availabilitySlo("api", "api", 10, "{customerTier: internal}")
                        .replace(
                                "sum(http_requests_total{service=\"api\"})",
                                "rate(http_requests_total[5m])"));
        args = replay(tmp.resolve("r.json"));
        args.addAll(List.of("--slo", badQuery.toString()));
        r = ReplayCommandITCase.run(args.toArray(new String[0]));
        assertThat(r.exit()).isEqualTo(2);
        int qline = lineContaining(badQuery, "query: rate(http_requests_total[5m])");
        assertThat(qline).isPositive();
        assertThat(r.err())
                .contains(badQuery + ":" + qline + ": api: 'rate(http_requests_total[5m])'");

        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(
                rules,
                Files.readString(REPO.resolve("docs/examples/prioritization-rules.yaml"))
                        .replace("  P2: 50", "  P2: 80"));
        args = replay(tmp.resolve("r.json"));
        args.addAll(
                List.of(
                        "--slo",
                        REPO.resolve("docs/examples/slo-checkout.yaml").toString(),
                        "--prioritization",
                        rules.toString()));
        r = ReplayCommandITCase.run(args.toArray(new String[0]));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(rules + ":").contains("levels.P2");
    }

    private static int lineContaining(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        return 0;
    }
}
