package io.phalanx.jobs.slo.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.jobs.slo.SloCatalog;
import io.phalanx.jobs.slo.SloJobTestBase;
import io.phalanx.jobs.slo.records.ImpactRecord;
import io.phalanx.jobs.slo.records.RankedIncidents;
import io.phalanx.jobs.slo.records.RankerInput;
import io.phalanx.jobs.slo.records.SloStatusRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The ranking operator: event-time order of statuses and impact, re-issue on change, closing. */
class IncidentRankerTest extends SloJobTestBase {
    static final SloCatalog CATALOG =
            catalog(
                    availabilitySlo(
                            "checkout-availability", "checkout", 100, "{customerTier: internal}"),
                    availabilitySlo(
                            "wiki-availability",
                            "wiki",
                            100,
                            "{revenuePerMinute: 0, customerTier: internal, usersAffected: 50}"));

    static KeyedOneInputStreamOperatorTestHarness<Integer, RankerInput, RankedIncidents> harness()
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new IncidentRanker(CATALOG, Duration.ofMinutes(30).toMillis())),
                        (RankerInput i) -> 0,
                        Types.INT);
        h.open();
        return h;
    }

    static SloStatusRecord status(
            String slo, String service, long m, boolean firing, double burn, double budget) {
        SloStatusRecord s = new SloStatusRecord();
        s.slo = slo;
        s.service = service;
        s.atMillis = minute(m);
        s.alertRules = new String[] {"page-1h-5m"};
        s.alertFiring = new boolean[] {firing};
        s.currentBurnRate = burn;
        s.budgetRemaining = budget;
        return s;
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<Integer, RankerInput, RankedIncidents> h,
            SloStatusRecord s)
            throws Exception {
        h.processElement(new StreamRecord<>(RankerInput.of(s), s.atMillis));
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<Integer, RankerInput, RankedIncidents> h,
            ImpactRecord r)
            throws Exception {
        h.processElement(new StreamRecord<>(RankerInput.of(r), r.timestampMillis));
    }

    static List<RankedIncidents> lists(
            KeyedOneInputStreamOperatorTestHarness<Integer, RankerInput, RankedIncidents> h) {
        List<RankedIncidents> out = new ArrayList<>();
        for (StreamRecord<? extends RankedIncidents> r : h.extractOutputStreamRecords()) {
            out.add(r.getValue());
        }
        return out;
    }

    @Test
    void anImpactUpdateThatArrivesLateStillPricesTheIncidentOfItsTime() throws Exception {
        try (var h = harness()) {
            send(h, status("wiki-availability", "wiki", 10, true, 30, 0.5));
            send(h, status("checkout-availability", "checkout", 10, true, 20, 0.8));
            // Processed after the statuses, but dated before them.
            send(h, impact(minute(5), "checkout", 2400, "enterprise", 250_000));
            h.processWatermark(minute(10));

            List<RankedIncidents> l = lists(h);
            assertThat(l).hasSize(1);
            assertThat(l.get(0).order())
                    .containsExactly("checkout-availability", "wiki-availability");
            assertThat(l.get(0).incidents[0].impactSource).isEqualTo("feed");
            assertThat(l.get(0).incidents[0].revenuePerMinute).isEqualTo(2400);
            assertThat(l.get(0).incidents[1].impactSource).isEqualTo("slo file");
        }
    }

    @Test
    void listsAreReIssuedOnlyWhenBurnOrImpactChanges() throws Exception {
        try (var h = harness()) {
            send(h, status("wiki-availability", "wiki", 10, true, 30, 0.5));
            h.processWatermark(minute(10));
            send(h, status("wiki-availability", "wiki", 11, true, 30, 0.5));
            h.processWatermark(minute(11));
            assertThat(lists(h)).as("nothing changed at 11").hasSize(1);

            send(h, status("wiki-availability", "wiki", 12, true, 40, 0.5));
            h.processWatermark(minute(12));
            send(h, impact(minute(13), "wiki", 0, "internal", 5000));
            h.processWatermark(minute(13));
            List<RankedIncidents> l = lists(h);
            assertThat(l)
                    .extracting(x -> x.atMillis)
                    .containsExactly(minute(10), minute(12), minute(13));
            assertThat(l.get(2).incidents[0].usersAffected).isEqualTo(5000);
            assertThat(l.get(2).incidents[0].score).isGreaterThan(l.get(1).incidents[0].score);
        }
    }

    @Test
    void aRecoveredIncidentStaysUntilQuietForCloseAfterThenTheListEmpties() throws Exception {
        try (var h = harness()) {
            send(h, status("wiki-availability", "wiki", 10, true, 30, 0.5));
            for (long m = 11; m <= 41; m++) {
                send(h, status("wiki-availability", "wiki", m, false, 0, 0.4));
            }
            h.processWatermark(minute(41));
            List<RankedIncidents> l = lists(h);
            RankedIncidents recovering = l.get(1);
            assertThat(recovering.atMillis).isEqualTo(minute(11));
            assertThat(recovering.incidents[0].active).isFalse();
            // Last fired at 10, closed at 40 (30 minutes quiet): an empty list, then nothing.
            RankedIncidents closed = l.get(l.size() - 1);
            assertThat(closed.atMillis).isEqualTo(minute(40));
            assertThat(closed.incidents).isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
