package io.phalanx.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.incident.Detection;
import io.phalanx.core.incident.Signal;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Each incident pattern as a value: the real CEP operator in a keyed harness, fed signals with
 * explicit timestamps, then a watermark; the detections it emits (or not) are checked field by
 * field.
 */
class IncidentPatternsTest extends IncidentTestBase {

    /** A pattern's CEP operator in event time, keyed by the signal's entity (or {@code key}). */
    static KeyedOneInputStreamOperatorTestHarness<String, Signal, Signal> harness(
            Pattern<Signal, Signal> pattern,
            PatternProcessFunction<Signal, Signal> fn,
            KeySelector<Signal, String> key)
            throws Exception {
        CepOperator<Signal, String, Signal> op =
                new CepOperator<>(
                        TypeInformation.of(Signal.class)
                                .createSerializer(new SerializerConfigImpl()),
                        false,
                        NFACompiler.compileFactory(pattern, false),
                        null,
                        pattern.getAfterMatchSkipStrategy(),
                        fn,
                        null);
        KeyedOneInputStreamOperatorTestHarness<String, Signal, Signal> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, key, Types.STRING);
        h.open();
        return h;
    }

    static List<Detection> run(
            Pattern<Signal, Signal> pattern,
            PatternProcessFunction<Signal, Signal> fn,
            KeySelector<Signal, String> key,
            Signal... signals)
            throws Exception {
        try (var h = harness(pattern, fn, key)) {
            long last = Long.MIN_VALUE;
            for (Signal s : signals) {
                h.processElement(s, s.tsMs);
                last = Math.max(last, s.tsMs);
            }
            h.processWatermark(last + 1);
            return h.extractOutputValues().stream().map(s -> s.detection).toList();
        }
    }

    static List<Detection> segment(
            Pattern<Signal, Signal> pattern,
            PatternProcessFunction<Signal, Signal> fn,
            Signal... signals)
            throws Exception {
        return run(pattern, fn, s -> s.entity, signals);
    }

    @Test
    void steadyAddedDelayIsALatencyStepNotCongestion() throws Exception {
        Signal[] in = {
            healthy("hop2", "hop3", 0),
            delayed("hop2", "hop3", 1),
            delayed("hop2", "hop3", 2),
            healthy("hop1", "hop2", 1)
        };
        List<Detection> latency =
                segment(
                        IncidentPatterns.latencyStep(RULES),
                        IncidentPatterns.latencyStepDetections(RULES),
                        in);
        assertThat(latency).hasSize(1);
        Detection d = latency.get(0);
        assertThat(d.cause).isEqualTo("LATENCY");
        assertThat(d.location()).isEqualTo("hop2->hop3");
        assertThat(d.startMs).isEqualTo(T0 + INTERVAL);
        assertThat(d.endMs).isEqualTo(T0 + 3 * INTERVAL);
        assertThat(d.figure).isEqualTo(40.2);
        assertThat(d.evidence[0]).contains("median one-way latency 40.200 ms").contains("steady");
        assertThat(
                        segment(
                                IncidentPatterns.congestion(RULES),
                                IncidentPatterns.congestionDetections(RULES),
                                in))
                .isEmpty();
    }

    @Test
    void oneDelayedIntervalDoesNotMakeAStepOfTwo() throws Exception {
        assertThat(
                        segment(
                                IncidentPatterns.latencyStep(RULES),
                                IncidentPatterns.latencyStepDetections(RULES),
                                delayed("hop2", "hop3", 0),
                                healthy("hop2", "hop3", 1),
                                delayed("hop2", "hop3", 2)))
                .isEmpty();
    }

    @Test
    void varyingQueueingDelayWithTailDropsIsCongestion() throws Exception {
        Signal[] in = {queueing("hop2", "hop3", 0), queueing("hop2", "hop3", 1)};
        List<Detection> congestion =
                segment(
                        IncidentPatterns.congestion(RULES),
                        IncidentPatterns.congestionDetections(RULES),
                        in);
        assertThat(congestion).hasSize(1);
        assertThat(congestion.get(0).cause).isEqualTo("CONGESTION");
        assertThat(congestion.get(0).evidence)
                .anyMatch(e -> e.contains("varying: queueing"))
                .anyMatch(e -> e.startsWith("tail drops: 56 of 2000 packets lost"));
        assertThat(
                        segment(
                                IncidentPatterns.latencyStep(RULES),
                                IncidentPatterns.latencyStepDetections(RULES),
                                in))
                .isEmpty();
    }

    @Test
    void lossBurstNeedsEnoughPacketsAndIsNotReordering() throws Exception {
        Signal lossy = kpi("hop1", "hop2", 0, 0.05, 0.08, 1000, 30, 0, 12);
        Signal few = kpi("hop1", "hop2", 1, 0.05, 0.08, 40, 4, 0, 0);
        List<Detection> loss =
                segment(
                        IncidentPatterns.lossBurst(RULES),
                        IncidentPatterns.lossDetections(RULES),
                        lossy,
                        few);
        assertThat(loss).hasSize(1);
        assertThat(loss.get(0).cause).isEqualTo("LOSS");
        assertThat(loss.get(0).count).isEqualTo(30);
        assertThat(loss.get(0).figure).isEqualTo(0.03);
        assertThat(loss.get(0).evidence[0])
                .isEqualTo(
                        "segment hop1->hop2: 30 of 1000 packets (3.00 %) seen at hop1 never"
                                + " reached hop2 in 1 interval(s) from 2026-03-01T12:00:00Z");
        assertThat(
                        segment(
                                IncidentPatterns.reordering(RULES),
                                IncidentPatterns.reorderingDetections(RULES),
                                lossy,
                                few))
                .as("lost packets are not reordered ones")
                .isEmpty();
    }

    @Test
    void overtakenPacketsAreReorderingNotLoss() throws Exception {
        Signal reordered = kpi("hop3", "hop4", 0, 0.05, 3.0, 1000, 0, 48, 0);
        List<Detection> r =
                segment(
                        IncidentPatterns.reordering(RULES),
                        IncidentPatterns.reorderingDetections(RULES),
                        reordered);
        assertThat(r)
                .extracting(d -> d.cause + " " + d.location())
                .containsExactly("REORDERING hop3->hop4");
        assertThat(r.get(0).figure).isEqualTo(0.048);
        assertThat(
                        segment(
                                IncidentPatterns.lossBurst(RULES),
                                IncidentPatterns.lossDetections(RULES),
                                reordered))
                .isEmpty();
    }

    @Test
    void retransmissionStormCountsTheSendersRetransmissions() throws Exception {
        List<Detection> r =
                segment(
                        IncidentPatterns.retransmissionStorm(RULES),
                        IncidentPatterns.retransmissionDetections(RULES),
                        kpi("hop1", "hop2", 0, 0.05, 0.08, 1000, 0, 0, 19),
                        kpi("hop1", "hop2", 1, 0.05, 0.08, 1000, 0, 0, 45));
        assertThat(r).hasSize(1);
        assertThat(r.get(0).count).isEqualTo(45);
        assertThat(r.get(0).startMs).isEqualTo(T0 + INTERVAL);
        assertThat(r.get(0).confidence).isLessThanOrEqualTo(0.6);
    }

    @Test
    void saturatedCpuFollowedByTimeoutsWithinTheWindow() throws Exception {
        Signal[] in = new Signal[12];
        in[0] = cpu(T0, "checkout", "checkout-1", 0.95);
        in[1] = cpu(T0 + 1_000, "checkout", "checkout-1", 0.97);
        for (int i = 0; i < 10; i++) {
            in[2 + i] = timeoutLog(T0 + 10_000 + i * 1_000, "checkout");
        }
        List<Detection> d =
                run(
                        IncidentPatterns.cpuWithTimeouts(RULES),
                        IncidentPatterns.cpuDetections(RULES),
                        s -> s.service,
                        in);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).cause).isEqualTo("CPU_SATURATION");
        assertThat(d.get(0).entity).isEqualTo("host:checkout-1");
        assertThat(d.get(0).count).isEqualTo(10);
        assertThat(d.get(0).figure).isEqualTo(0.95);
        assertThat(d.get(0).evidence[0]).contains("reached 95 %");
    }

    @Test
    void timeoutsAfterTheWindowOrWithoutSaturationAreNoMatch() throws Exception {
        Signal[] late = new Signal[11];
        late[0] = cpu(T0, "checkout", "checkout-1", 0.95);
        Signal[] cool = new Signal[11];
        cool[0] = cpu(T0, "checkout", "checkout-1", 0.60);
        for (int i = 0; i < 10; i++) {
            late[1 + i] = timeoutLog(T0 + 115_000 + i * 1_000, "checkout");
            cool[1 + i] = timeoutLog(T0 + 1_000 + i * 1_000, "checkout");
        }
        assertThat(
                        run(
                                IncidentPatterns.cpuWithTimeouts(RULES),
                                IncidentPatterns.cpuDetections(RULES),
                                s -> s.service,
                                late))
                .as("the tenth timeout comes 124 s after the sample, the window is 120 s")
                .isEmpty();
        assertThat(
                        run(
                                IncidentPatterns.cpuWithTimeouts(RULES),
                                IncidentPatterns.cpuDetections(RULES),
                                s -> s.service,
                                cool))
                .isEmpty();
    }

    @Test
    void degradationWithinTheWindowAfterADeployIsARegression() throws Exception {
        List<Detection> d =
                run(
                        IncidentPatterns.deployThenDegradation(RULES),
                        IncidentPatterns.deployDetections(RULES),
                        s -> "scope",
                        deploy(T0 - 40_000, "checkout", "v42"),
                        detection("CONGESTION", "hop2", "hop3", T0, 0.9));
        assertThat(d).hasSize(1);
        Detection r = d.get(0);
        assertThat(r.cause).isEqualTo("DEPLOY_REGRESSION");
        assertThat(r.entity).isEqualTo("service:checkout");
        assertThat(r.deployVersion).isEqualTo("v42");
        assertThat(r.figure).as("seconds after the deploy").isEqualTo(40.0);
        assertThat(r.degradedCause).isEqualTo("CONGESTION");
        assertThat(r.degradedEntity).isEqualTo("hop2->hop3");
        assertThat(r.evidence)
                .containsExactly(
                        "deploy checkout v42 (from v41) by github-actions at 2026-03-01T11:59:20Z",
                        "congestion on hop2->hop3 began 40 s later");
    }

    @Test
    void degradationBeforeOrLongAfterADeployIsNot() throws Exception {
        assertThat(
                        run(
                                IncidentPatterns.deployThenDegradation(RULES),
                                IncidentPatterns.deployDetections(RULES),
                                s -> "scope",
                                detection("LATENCY", "hop2", "hop3", T0 - 60_000, 0.9),
                                deploy(T0 - 40_000, "checkout", "v42")))
                .as("the degradation began before the deploy")
                .isEmpty();
        assertThat(
                        run(
                                IncidentPatterns.deployThenDegradation(RULES),
                                IncidentPatterns.deployDetections(RULES),
                                s -> "scope",
                                deploy(T0 - 700_000, "checkout", "v42"),
                                detection("LATENCY", "hop2", "hop3", T0, 0.9)))
                .as("700 s after the deploy, the window is 600 s")
                .isEmpty();
    }

    @Test
    void aBurningSloAfterADeployIsARegressionToo() throws Exception {
        List<Detection> d =
                run(
                        IncidentPatterns.deployThenDegradation(RULES),
                        IncidentPatterns.deployDetections(RULES),
                        s -> "scope",
                        deploy(T0, "checkout", "v42"),
                        Signal.sloAlert(T0 + 120_000, "checkout-latency", "checkout", 2.0),
                        Signal.sloAlert(T0 + 180_000, "checkout-latency", "checkout", 20.0));
        assertThat(d).hasSize(1);
        assertThat(d.get(0).degradedCause).isEqualTo("SLO_BURN");
        assertThat(d.get(0).figure).as("the burn under 14.4 does not count").isEqualTo(180.0);
    }
}
