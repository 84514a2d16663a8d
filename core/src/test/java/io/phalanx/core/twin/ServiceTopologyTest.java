package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What-if questions on the web-shop topology and on tandem queues with known answers. */
class ServiceTopologyTest extends TwinTestBase {

    @Test
    void nodeLoadIsClassRateTimesVisits() {
        TopologyPrediction p = webShop().predict(WhatIfScenario.baseline());

        assertThat(p.node(DB).arrivalRate()).isCloseTo(100 + 2 * 30, within(EXACT));
        assertThat(p.node(DB).utilisation()).isCloseTo(160 * 0.020 / 8, within(EXACT));
        assertThat(p.node(FRONTEND).utilisation()).isCloseTo(130 * 0.010 / 4, within(EXACT));
        assertThat(p.node(CHECKOUT).utilisation()).isCloseTo(30 * 0.025 / 2, within(EXACT));
        assertThat(p.node(EDGE).utilisation()).isCloseTo(130 * 200e3 / 100e6, within(EXACT));
        assertThat(p.node(BACKUP_EDGE).arrivalRate()).isZero();
    }

    @Test
    void pathMeanIsTheSumOfSojournsPlusLinkLatency() {
        PathPrediction browse = webShop().predict(WhatIfScenario.baseline()).requestClass(BROWSE);

        double edge = 1.0 / (500 - 130) + 0.002; // M/M/1 transmitter + base latency
        double frontend =
                QueueingStation.of("f", 4, ServiceTimeDistribution.exponential(0.010))
                        .predict(130)
                        .meanResponse();
        double db =
                QueueingStation.of("d", 8, ServiceTimeDistribution.exponential(0.020))
                        .predict(160)
                        .meanResponse();
        assertThat(browse.meanSeconds()).isCloseTo(edge + frontend + db, within(EXACT));
        assertThat(browse.fixedDelaySeconds()).isCloseTo(0.002, within(EXACT));
        assertThat(browse.pathIndex()).isZero();
    }

    @Test
    void tandemOfEqualStationsHasTheExactErlang2Percentiles() {
        // μ − λ = 0.3 at both: end-to-end is Erlang(2, 0.3) (Reich), which the Gamma matches.
        PathPrediction p =
                tandem(0.7, 1, 1).predict(WhatIfScenario.baseline()).requestClass("flow");

        for (double t : new double[] {1, 5, 10, 25}) {
            double erlang2 = 1 - Math.exp(-0.3 * t) * (1 + 0.3 * t);
            assertThat(p.latencyCdf(t)).as("t=%s", t).isCloseTo(erlang2, within(1e-9));
        }
    }

    @Test
    void tandemOfUnequalStationsIsWithinTheGammaApproximationsStatedError() {
        // Exp(0.3) + Exp(1.3): hypoexponential, exact p99 where (1.3 e^{-0.3t} − 0.3 e^{-1.3t})/1.0
        // = 0.01. The Gamma with the same two moments lands within 3 % of it here (one dominant
        // station is the Gamma's worst case short of heavy tails).
        PathPrediction p =
                tandem(0.7, 1, 2).predict(WhatIfScenario.baseline()).requestClass("flow");
        double exact =
                SpecialFunctions.invertIncreasing(
                        t -> 1 - (1.3 * Math.exp(-0.3 * t) - 0.3 * Math.exp(-1.3 * t)),
                        0.99,
                        0,
                        1,
                        1e-12);

        System.out.printf(
                "tandem Exp(0.3)+Exp(1.3) p99: exact %.4f, Gamma %.4f%n",
                exact, p.percentile(0.99));
        assertThat(p.meanSeconds()).isCloseTo(1 / 0.3 + 1 / 1.3, within(EXACT));
        assertThat(p.percentile(0.99)).isCloseTo(exact, withinPercentage(3));
    }

    @Test
    void saturationPointIsTheFirstNodeToReachFullUtilisation() {
        ServiceTopology shop = webShop();

        SaturationPoint first = shop.saturationPoint(WhatIfScenario.baseline()).orElseThrow();
        assertThat(first.node()).isEqualTo(DB);
        assertThat(first.loadMultiplier()).isCloseTo(2.5, within(EXACT));

        SaturationPoint afterScalingDb =
                shop.saturationPoint(WhatIfScenario.baseline().withReplicas(DB, 12)).orElseThrow();
        assertThat(afterScalingDb.node()).isEqualTo(CHECKOUT);
        assertThat(afterScalingDb.loadMultiplier()).isCloseTo(80.0 / 30, within(EXACT));
        assertThat(
                        shop.predict(WhatIfScenario.atLoad(first.loadMultiplier() * 0.999))
                                .saturatedNodes())
                .isEmpty();
        assertThat(shop.predict(WhatIfScenario.atLoad(first.loadMultiplier())).saturatedNodes())
                .containsExactly(DB);
    }

    @Test
    void threeTimesTheLoadSaturatesDbAndCheckoutAndBurnsTheWholeBudget() {
        TopologyPrediction p = webShop().predict(WhatIfScenario.atLoad(3));

        // Offered: db 480/400 = 1.2, checkout 90/80 = 1.125, frontend 390/400 = 0.975.
        assertThat(p.saturatedNodes()).containsExactly(DB, CHECKOUT);
        assertThat(p.node(FRONTEND).saturated()).isFalse();
        LatencyObjective slo = webShopObjectives().get(BROWSE);
        PathPrediction browse = p.requestClass(BROWSE);
        assertThat(browse.saturated()).isTrue();
        assertThat(browse.percentile(0.99)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(browse.burnRate(slo)).isCloseTo(100, within(EXACT));
    }

    @Test
    void trafficMixChangeMovesLoadBetweenServices() {
        WhatIfScenario moreBuying =
                WhatIfScenario.baseline().withClassRate(BROWSE, 70).withClassRate(BUY, 60);
        TopologyPrediction p = webShop().predict(moreBuying);

        assertThat(p.node(DB).arrivalRate()).isCloseTo(70 + 2 * 60, within(EXACT));
        assertThat(p.node(CHECKOUT).utilisation()).isCloseTo(60 * 0.025 / 2, within(EXACT));
        assertThat(p.node(FRONTEND).arrivalRate()).isCloseTo(130, within(EXACT));
        assertThat(webShop().saturationPoint(moreBuying).orElseThrow().node()).isEqualTo(CHECKOUT);
    }

    @Test
    void removingTheEdgeLinkReroutesOntoTheBackupLink() {
        TopologyPrediction before = webShop().predict(WhatIfScenario.baseline());
        TopologyPrediction after = webShop().predict(WhatIfScenario.baseline().without(EDGE));

        PathPrediction browse = after.requestClass(BROWSE);
        assertThat(browse.rerouted()).isTrue();
        assertThat(browse.path().passes(BACKUP_EDGE)).isTrue();
        assertThat(after.nodes()).doesNotContainKey(EDGE);
        assertThat(after.node(BACKUP_EDGE).utilisation())
                .isCloseTo(130 * 200e3 / 50e6, within(EXACT));
        // 13 ms more base latency, plus queueing on the slower link (4 ms service at ρ = 0.52).
        double expectedIncrease = 0.013 + (1.0 / (250 - 130) - 1.0 / (500 - 130));
        assertThat(browse.meanSeconds() - before.requestClass(BROWSE).meanSeconds())
                .isCloseTo(expectedIncrease, within(EXACT));
    }

    @Test
    void removingEveryPathReportsLostConnectivityNotLatency() {
        TopologyPrediction p = webShop().predict(WhatIfScenario.baseline().without(FRONTEND));

        assertThat(p.disconnectedClasses()).containsExactly(BROWSE, BUY);
        PathPrediction browse = p.requestClass(BROWSE);
        assertThat(browse.connected()).isFalse();
        assertThat(browse.fractionWithin(10)).isZero();
        assertThat(browse.burnRate(webShopObjectives().get(BROWSE))).isCloseTo(100, within(EXACT));
        assertThat(p.node(DB).arrivalRate()).isZero();
    }

    @Test
    void burnRateOfASingleMm1ClassIsExact() {
        // One M/M/1 node: P(R > t) = e^{-(μ−λ)t}; at μ = 10, λ = 8, t = 2 s: e^{-4} = 1.83 %
        // bad, against a 1 % budget: burn 1.83.
        ServiceTopology t =
                ServiceTopology.builder()
                        .service(
                                QueueingStation.of(
                                        "api", 1, ServiceTimeDistribution.exponential(0.1)))
                        .requestClass(RequestClass.of("calls", 8, RequestPath.through("api")))
                        .build();
        PathPrediction calls = t.predict(WhatIfScenario.baseline()).requestClass("calls");

        assertThat(calls.burnRate(new LatencyObjective(2, 0.99)))
                .isCloseTo(Math.exp(-4) / 0.01, within(1e-9));
        assertThat(calls.percentile(0.99)).isCloseTo(Math.log(100) / 2, within(1e-8));
    }

    @Test
    void builderRefusesUnknownAndDuplicateNodes() {
        assertThatThrownBy(
                        () ->
                                ServiceTopology.builder()
                                        .service(mm1(1))
                                        .requestClass(
                                                RequestClass.of(
                                                        "x",
                                                        1,
                                                        RequestPath.through("mm1", "nowhere")))
                                        .build())
                .hasMessageContaining("x -> nowhere");
        assertThatThrownBy(
                        () ->
                                ServiceTopology.builder()
                                        .service(mm1(1))
                                        .link(Link.of("mm1", 1e6, 1, 1e3)))
                .hasMessageContaining("duplicate node name mm1");
        assertThat(webShop().requestClasses()).containsOnlyKeys(BROWSE, BUY);
        assertThat(Map.copyOf(webShop().links())).containsOnlyKeys(EDGE, BACKUP_EDGE);
    }
}
