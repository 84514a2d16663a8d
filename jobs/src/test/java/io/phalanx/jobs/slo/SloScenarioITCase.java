package io.phalanx.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.jobs.slo.records.ImpactRecord;
import io.phalanx.jobs.slo.records.MetricPoint;
import io.phalanx.jobs.slo.records.RankedIncident;
import io.phalanx.jobs.slo.records.RankedIncidents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The showcase on a MiniCluster at parallelism 2: two incidents at once, an internal CI
 * dashboard failing first (3 % errors, burn 30, from minute 120) and the checkout service that
 * carries the revenue (5 %, burn 50, minutes 135 to 160). The revenue incident must rank first,
 * with every term of its score explained, as soon as both are open; once checkout has recovered and
 * the dashboard keeps burning, the order must flip. Checkout's revenue comes from the impact feed
 * (its SLO file declares none), so the ranking visibly uses the feed.
 */
class SloScenarioITCase extends SloJobTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final String DASHBOARD = "ci-dashboard-availability";
    static final String CHECKOUT = "checkout-availability";

    static SloCatalog scenarioCatalog() {
        return catalog(
                availabilitySlo(
                        DASHBOARD,
                        "ci-dashboard",
                        100,
                        "{revenuePerMinute: 0, customerTier: internal, usersAffected: 300}"),
                availabilitySlo(CHECKOUT, "checkout", 100, "{customerTier: internal}"));
    }

    static List<MetricPoint> scenarioMetrics() {
        List<MetricPoint> metrics = new ArrayList<>();
        metrics.addAll(traffic("ci-dashboard", 200, 1000, m -> m >= 120 ? 30 : 0));
        metrics.addAll(traffic("checkout", 200, 1000, m -> m >= 135 && m < 160 ? 50 : 0));
        return metrics;
    }

    static List<ImpactRecord> scenarioImpact() {
        return List.of(
                impact(minute(0), "checkout", 2400, "enterprise", 250_000),
                impact(minute(0), "ci-dashboard", 0, "internal", 300));
    }

    @Test
    void revenueRanksFirstThenTheOrderFlipsWhenItRecovers() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<MetricPoint> metrics =
                env.fromData(scenarioMetrics(), SloPipeline.METRIC_POINT)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<MetricPoint>forBoundedOutOfOrderness(
                                                Duration.ofSeconds(5))
                                        .withTimestampAssigner((p, t) -> p.timestampMillis));
        DataStream<ImpactRecord> impacts =
                env.fromData(scenarioImpact(), SloPipeline.IMPACT)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<ImpactRecord>forMonotonousTimestamps()
                                        .withTimestampAssigner((r, t) -> r.timestampMillis));
        SloPipeline.Outputs out =
                SloPipeline.build(scenarioCatalog(), metrics, null, impacts, Duration.ofHours(1));

        List<RankedIncidents> lists = new ArrayList<>();
        try (CloseableIterator<RankedIncidents> it = out.rankings().executeAndCollect("scenario")) {
            it.forEachRemaining(lists::add);
        }

        assertThat(lists).isNotEmpty();
        assertThat(lists).isSortedAccordingTo((a, b) -> Long.compare(a.atMillis, b.atMillis));
        RankedIncidents first = lists.get(0);
        assertThat(first.order()).as("the internal tool pages first").containsExactly(DASHBOARD);
        assertThat(first.incidents[0].level).isEqualTo("P2");

        RankedIncidents both =
                lists.stream().filter(l -> l.incidents.length == 2).findFirst().orElseThrow();
        assertThat(both.order()).containsExactly(CHECKOUT, DASHBOARD);
        assertThat(both.incident(DASHBOARD).openedAtMillis)
                .isLessThan(both.incident(CHECKOUT).openedAtMillis);
        RankedIncident revenue = both.incident(CHECKOUT);
        assertThat(revenue.rank).isEqualTo(1);
        assertThat(revenue.level).isEqualTo("P1");
        assertThat(revenue.impactSource).isEqualTo("feed");
        assertThat(revenue.explanation)
                .anySatisfy(l -> assertThat(l).startsWith("burn rate: "))
                .anySatisfy(l -> assertThat(l).startsWith("budget spent: "))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("revenue: 25.0 points")
                                        .contains("2400 per minute"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("customer tier: 15.0 points")
                                        .contains("tier enterprise"))
                .anySatisfy(
                        l -> assertThat(l).startsWith("blast radius: ").contains("250000 users"))
                .anySatisfy(l -> assertThat(l).startsWith("score ").contains("-> P1"));
        assertThat(both.incident(DASHBOARD).explanation)
                .anySatisfy(l -> assertThat(l).startsWith("revenue: 0.0 points"));

        RankedIncidents last = lists.get(lists.size() - 1);
        assertThat(last.atMillis).isEqualTo(minute(200));
        assertThat(last.order())
                .as("flipped after checkout recovered")
                .containsExactly(DASHBOARD, CHECKOUT);
        RankedIncident recovered = last.incident(CHECKOUT);
        assertThat(recovered.currentBurnRate).isZero();
        assertThat(recovered.explanation[0]).startsWith("burn rate: 0.0 points");
        assertThat(recovered.score).isLessThan(last.incident(DASHBOARD).score);
        assertThat(last.incident(DASHBOARD).explanation[0]).startsWith("burn rate: 30.0 points");

        // The flip happens after checkout is fixed at minute 160, and ranks are re-issued as
        // burn rates change in between (not only when incidents open).
        RankedIncidents flip =
                lists.stream()
                        .filter(l -> l.incidents.length == 2 && l.order().get(0).equals(DASHBOARD))
                        .findFirst()
                        .orElseThrow();
        assertThat(flip.atMillis).isGreaterThan(minute(160));
        assertThat(
                        lists.stream()
                                .filter(
                                        l ->
                                                l.atMillis > both.atMillis
                                                        && l.atMillis < flip.atMillis))
                .isNotEmpty();
    }
}
