package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloFileParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay path of the twin on the web shop: a history made of the true model's own KPIs (no
 * noise), so calibration is exact and every prediction can be checked against the model itself.
 */
class TwinReplayTest extends TwinTestBase {
    @TempDir Path tmp;

    static final long T0 = 1_795_694_400_000L; // 2026-11-26T12:00:00Z

    /**
     * Ten minutes of the web shop at multiplier 1, with minute m at (1 + m/20) of the base rate.
     */
    static TwinHistory exactHistory() {
        ServiceTopology shop = webShop();
        List<MetricSample> samples = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            double f = 1 + m / 20.0;
            Map<String, Double> rates = Map.of(BROWSE, 100 * f, BUY, 30 * f);
            TopologyPrediction p = shop.predict(WhatIfScenario.baseline().withClassRates(rates));
            long ts = T0 + m * 60_000L;
            for (QueueingStation s : shop.services().values()) {
                StationPrediction sp = p.node(s.name());
                samples.addAll(
                        TwinHistory.metrics(
                                ts,
                                s.name(),
                                new TwinHistory.ServiceMinute(
                                        sp.arrivalRate(),
                                        sp.meanResponse(),
                                        sp.responsePercentile(0.5),
                                        sp.responsePercentile(0.99),
                                        sp.utilisation(),
                                        s.servers())));
            }
            for (PathPrediction c : p.classes().values()) {
                samples.addAll(
                        TwinHistory.metrics(
                                ts,
                                c.requestClass(),
                                new TwinHistory.ClassMinute(
                                        c.arrivalRate(), c.meanSeconds(), c.percentile(0.99))));
            }
            // A host-level series and an unrelated metric: not the twin's, ignored.
            samples.add(
                    new MetricSample(
                            ts, "utilization", 0.99, Map.of("service", DB, "host", "db-1")));
            samples.add(new MetricSample(ts, "error_ratio", 0.5, Map.of("service", DB)));
        }
        return TwinHistory.fromMetrics(samples);
    }

    static ServiceTopology declared() {
        ServiceTopology t = webShop();
        for (QueueingStation s : webShop().services().values()) {
            t = t.withService(s.withServers(1)); // servers come from the history
        }
        return t;
    }

    @Test
    void historyGroupsSeriesIntoMinutesAndIgnoresWhatIsNotTheTwins() {
        TwinHistory h = exactHistory();
        assertThat(h.minutes()).hasSize(10);
        assertThat(h.services()).containsExactly(CHECKOUT, DB, FRONTEND);
        assertThat(h.classes()).containsExactly(BROWSE, BUY);
        assertThat(h.servers(DB)).isEqualTo(8);
        TwinHistory.ServiceMinute db = h.minutes().get(0).services().get(DB);
        assertThat(db.utilisation()).isCloseTo(160 * 0.020 / 8, within(EXACT));
        // Through the feed's JSON and back: the same minutes.
        List<MetricSample> again = new ArrayList<>();
        for (TwinHistory.Minute m : h.minutes()) {
            m.services()
                    .forEach(
                            (s, v) ->
                                    TwinHistory.metrics(m.startMillis(), s, v)
                                            .forEach(x -> again.add(parse(x))));
            m.classes()
                    .forEach(
                            (c, v) ->
                                    TwinHistory.metrics(m.startMillis(), c, v)
                                            .forEach(x -> again.add(parse(x))));
        }
        assertThat(TwinHistory.fromMetrics(again).minutes()).isEqualTo(h.minutes());
    }

    private static MetricSample parse(MetricSample m) {
        try {
            return EventJson.metric(EventJson.toJson(m));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void replayAtTwiceTheLoadIsTheTrueModelAtTwiceEachMinute() {
        TwinHistory h = exactHistory();
        TwinRun run = TwinReplay.run(declared(), h, WhatIfScenario.atLoad(2), List.of());
        for (QueueingStation s : webShop().services().values()) {
            assertThat(run.calibrated().services().get(s.name()).serviceTime().meanSeconds())
                    .isCloseTo(s.serviceTime().meanSeconds(), within(1e-12));
            assertThat(run.calibrated().services().get(s.name()).servers()).isEqualTo(s.servers());
        }
        for (int m = 0; m < 10; m++) {
            double f = 1 + m / 20.0;
            TopologyPrediction truth =
                    webShop()
                            .predict(
                                    WhatIfScenario.atLoad(2)
                                            .withClassRates(Map.of(BROWSE, 100 * f, BUY, 30 * f)));
            TwinRun.ClassMinute buy = run.minutes().get(m).classes().get(BUY);
            assertThat(buy.meanSeconds())
                    .isCloseTo(truth.requestClass(BUY).meanSeconds(), within(1e-9));
            assertThat(buy.p99Seconds())
                    .isCloseTo(truth.requestClass(BUY).percentile(0.99), within(1e-6));
            assertThat(run.minutes().get(m).nodes().get(DB).utilisation())
                    .isCloseTo(truth.node(DB).offeredUtilisation(), within(1e-9));
        }
        // db sees 160/s x 2 x (1 + m/20) against 400/s: saturated from minute 5 (x1.25) on.
        assertThat(run.peakMinute()).isEqualTo(9);
        assertThat(run.services().get(DB).saturatedMinutes()).isEqualTo(5);
        assertThat(run.classes().get(BUY).peakP99Seconds()).isInfinite();
        assertThat(run.saturationAtPeak())
                .hasValueSatisfying(
                        p -> {
                            assertThat(p.node()).isEqualTo(DB);
                            assertThat(p.loadMultiplier()).isCloseTo(2.5 / 1.45, within(1e-9));
                        });
    }

    @Test
    void sloBurnGoesThroughTheBurnRateEvaluatorAndTheReplicaPlanMendsIt() throws Exception {
        String yaml =
                """
                apiVersion: openslo/v1
                kind: SLO
                metadata: {name: buy-latency}
                spec:
                  service: checkout
                  indicator:
                    spec:
                      ratioMetric:
                        good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(x_bucket{le="0.4"}[1m]))'}}}
                        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(x_count[1m]))'}}}
                  timeWindow: [{duration: 28d, isRolling: true}]
                  objectives: [{target: 0.99}]
                """;
        SloDefinition d = SloFileParser.parse(yaml, "buy.yaml").get(0);
        TwinSlo slo = TwinSlo.of(d, webShop());
        assertThat(slo.classes()).containsExactly(BUY); // the class passing checkout
        assertThat(slo.objective()).isEqualTo(new LatencyObjective(0.4, 0.99));

        TwinRun run =
                TwinReplay.run(declared(), exactHistory(), WhatIfScenario.atLoad(2), List.of(slo));
        TwinRun.SloOutcome o = run.slos().get(0);
        // Five of ten minutes have db saturated, and they carry more than half the requests: buy
        // is all bad there, so the burn is above 50 % / 1 % = 50.
        assertThat(o.burnRate()).isGreaterThan(50);
        assertThat(o.firedAlerts()).contains("page-1h-5m");
        assertThat(o.firstFiringMillis()).isGreaterThanOrEqualTo(T0);
        assertThat(run.replicaPlan().meetsAll()).isTrue();
        assertThat(run.replicaPlan().added()).containsKey(DB);
        TopologyPrediction mended =
                webShop()
                        .predict(
                                WhatIfScenario.atLoad(2)
                                        .withClassRates(Map.of(BROWSE, 145.0, BUY, 43.5))
                                        .withReplicas(run.replicaPlan().servers()));
        assertThat(mended.requestClass(BUY).meets(slo.objective())).isTrue();

        SloDefinition noThreshold =
                SloFileParser.parse(yaml.replace("le=\"0.4\"", "code=\"200\""), "b.yaml").get(0);
        assertThatThrownBy(() -> TwinSlo.of(noThreshold, webShop()))
                .hasMessageContaining("needs a latency threshold");
    }

    @Test
    void aStoredRunReadsBackAndComparesWithItsOwnHistoryAsZeroError() throws Exception {
        TwinHistory h = exactHistory();
        TwinRun run = TwinReplay.run(declared(), h, WhatIfScenario.baseline(), List.of());
        Path file = TwinResultFile.write(run, tmp);
        TwinResultFile.Stored stored = TwinResultFile.read(file);
        assertThat(stored).isEqualTo(TwinResultFile.stored(run));
        List<PredictedVsObserved.Row> rows = PredictedVsObserved.compare(stored, h);
        assertThat(rows).hasSize(3 * 2 + 2 * 2);
        for (PredictedVsObserved.Row r : rows) {
            assertThat(r.relativeError())
                    .as("%s %s %s", r.kind(), r.name(), r.figure())
                    .isCloseTo(0, within(1e-6));
        }
    }

    @Test
    void theTwinBlockOfATopologyFileRoundTrips() throws Exception {
        ServiceTopology parsed = TwinModelFile.parse(TwinModelFile.toJson(webShop()));
        assertThat(parsed.services()).isEqualTo(webShop().services());
        assertThat(parsed.links()).isEqualTo(webShop().links());
        assertThat(parsed.requestClasses().get(BROWSE).paths())
                .isEqualTo(webShop().requestClasses().get(BROWSE).paths());
        // Without a file: one class per service, named after it.
        ServiceTopology own = TwinModelFile.fromHistory(exactHistory());
        assertThat(own.requestClasses().keySet()).containsExactly(CHECKOUT, DB, FRONTEND);
        assertThat(own.services().get(DB).servers()).isEqualTo(8);
    }
}
