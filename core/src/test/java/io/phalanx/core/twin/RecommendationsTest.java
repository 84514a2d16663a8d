package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Recommendations are checked the way an operator would: apply them and ask the model (and, for a
 * single station, the simulator) whether the objective now holds, and whether one server fewer
 * would also have done.
 */
class RecommendationsTest extends TwinTestBase {
    private static final LatencyObjective P99_UNDER_500MS =
            LatencyObjective.percentileUnder(0.99, 0.5);

    @Test
    void minimalServersIsTheFirstCountThatKeepsP99() {
        // 20 req/s of 100 ms exponential work: 2 erlangs. Service alone has p99 = 0.1·ln 100 =
        // 461 ms, so the objective is reachable but tight.
        QueueingStation api = mmc(1, 10);
        int c = Recommendations.minimalServers(api, 20, P99_UNDER_500MS).orElseThrow();

        assertThat(api.withServers(c).predict(20).responsePercentile(0.99))
                .isLessThanOrEqualTo(0.5);
        assertThat(api.withServers(c - 1).predict(20).responsePercentile(0.99)).isGreaterThan(0.5);
        // The simulator agrees that c servers keep 99 % under 500 ms (its interval reaches 0.99).
        ConfidenceInterval good =
                simulate(api.withServers(c), 20, 5, 200_000).fractionWithin("mmc", 0.5);
        System.out.printf("minimal servers %d; DES P(R <= 0.5 s) %s%n", c, good);
        assertThat(good.upper()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void noServerCountHelpsWhenServiceAloneIsTooSlow() {
        OptionalInt none =
                Recommendations.minimalServers(
                        md1(1), 0.1, LatencyObjective.percentileUnder(0.99, 0.5));

        assertThat(none).isEmpty();
    }

    @Test
    void replicaPlanAtThreeTimesTheLoadMeetsEveryObjectiveAndIsTight() {
        ServiceTopology shop = webShop();
        WhatIfScenario tripled = WhatIfScenario.atLoad(3);
        Recommendations.ReplicaPlan plan =
                Recommendations.replicasToKeepSlo(shop, tripled, webShopObjectives());

        System.out.println("replica plan at x3: " + plan.servers() + " added " + plan.added());
        assertThat(plan.meetsAll()).isTrue();
        assertThat(plan.added()).containsKeys(DB, CHECKOUT);
        TopologyPrediction applied = shop.predict(tripled.withReplicas(plan.servers()));
        for (Map.Entry<String, LatencyObjective> o : webShopObjectives().entrySet()) {
            assertThat(applied.requestClass(o.getKey()).meets(o.getValue())).isTrue();
        }
        for (String service : plan.added().keySet()) {
            Map<String, Integer> oneFewer = new HashMap<>(plan.servers());
            oneFewer.merge(service, -1, Integer::sum);
            TopologyPrediction p = shop.predict(tripled.withReplicas(oneFewer));
            boolean allMet =
                    webShopObjectives().entrySet().stream()
                            .allMatch(o -> p.requestClass(o.getKey()).meets(o.getValue()));
            assertThat(allMet).as("one server fewer on %s", service).isFalse();
        }
    }

    @Test
    void replicaPlanReportsClassesNoReplicaCanSave() {
        // At ×4 the edge link (500 msg/s) gets 520/s: only a routing or capacity change helps.
        Recommendations.ReplicaPlan plan =
                Recommendations.replicasToKeepSlo(
                        webShop(), WhatIfScenario.atLoad(4), webShopObjectives());

        assertThat(plan.meetsAll()).isFalse();
        assertThat(plan.unmetClasses()).containsExactlyInAnyOrder(BROWSE, BUY);
        assertThat(plan.prediction().saturatedNodes()).containsExactly(EDGE);
    }

    @Test
    void saturatingLinksAreListedWithTheirSaturationMultiplier() {
        List<Recommendations.LinkSaturation> atFour =
                Recommendations.saturatingLinks(webShop(), WhatIfScenario.atLoad(4), 1.0);
        List<Recommendations.LinkSaturation> busyAtTwo =
                Recommendations.saturatingLinks(webShop(), WhatIfScenario.atLoad(2), 0.5);

        assertThat(atFour).hasSize(1);
        assertThat(atFour.get(0).link()).isEqualTo(EDGE);
        assertThat(atFour.get(0).utilisation()).isCloseTo(4 * 130 / 500.0, within(EXACT));
        assertThat(atFour.get(0).saturationMultiplier()).isCloseTo(500 / 130.0, within(EXACT));
        assertThat(busyAtTwo)
                .extracting(Recommendations.LinkSaturation::link)
                .containsExactly(EDGE);
        assertThat(Recommendations.saturatingLinks(webShop(), WhatIfScenario.atLoad(3), 1.0))
                .isEmpty();
    }

    @Test
    void alternativeRouteMovesTheClassThatFitsOnTheBackupLink() {
        // ×4 with enough replicas that only the edge link saturates. Moving buy (120/s) to the
        // 250 msg/s backup link relieves the edge link (400/s left) and fits; moving browse
        // (400/s) would saturate the backup link, so browse gets no recommendation.
        WhatIfScenario x4 =
                WhatIfScenario.atLoad(4).withReplicas(Map.of(DB, 16, CHECKOUT, 6, FRONTEND, 8));
        List<Recommendations.RouteRecommendation> r =
                Recommendations.alternativeRoutes(webShop(), x4, webShopObjectives());

        assertThat(r).hasSize(1);
        Recommendations.RouteRecommendation buy = r.get(0);
        assertThat(buy.requestClass()).isEqualTo(BUY);
        assertThat(buy.recommendedPath()).isEqualTo(1);
        assertThat(buy.currentGoodFraction()).isZero();
        assertThat(buy.recommendedGoodFraction()).isGreaterThan(0.99);
        TopologyPrediction moved = webShop().predict(x4.withForcedPath(BUY, 1));
        assertThat(moved.saturatedNodes()).isEmpty();
        assertThat(moved.requestClass(BROWSE).meets(webShopObjectives().get(BROWSE))).isTrue();
        assertThat(buy.otherClassesStillMeetObjectives()).isTrue();
    }
}
