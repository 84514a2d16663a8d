package io.phalanx.jobs.incident;

import io.phalanx.core.incident.Detection;
import io.phalanx.core.incident.Detections;
import io.phalanx.core.incident.PatternRules;
import io.phalanx.core.incident.Signal;
import io.phalanx.jobs.Uids;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

/**
 * The incident patterns (Flink CEP, event time) over the unified {@link Signal} stream, each keyed
 * by the entity its events concern, each emitting {@link Detection}s wrapped as DETECTION signals.
 * Conditions and the detections' figures live in core ({@link PatternRules}, {@link Detections});
 * this class only says which events follow which, within which window.
 *
 * <ul>
 *   <li>segment patterns, keyed by {@code segment:from->to}: latency step (steady added delay),
 *       congestion (varying queueing delay), each over {@code sustainIntervals} consecutive KPI
 *       intervals; loss burst; reordering; retransmission storm (one interval each);
 *   <li>CPU saturation with log timeouts, keyed by service: a saturated {@code cpu_utilization}
 *       sample followed by {@code timeouts} timeout lines in a row within {@code
 *       cpuTimeoutWindowS};
 *   <li>deploy followed by degradation (a detection, or a burning SLO alert) within {@code
 *       deployWindowS}, keyed by the scope the deploy and the degradation share (one scope in a
 *       replay; with an ontology, the service's dependency neighbourhood).
 * </ul>
 *
 * Every pattern skips past its last event, so one burst gives one match.
 */
public final class IncidentPatterns {
    private IncidentPatterns() {}

    static Pattern<Signal, Signal> segmentRun(
            String name, SimpleCondition<Signal> condition, int times) {
        Pattern<Signal, Signal> p =
                Pattern.<Signal>begin(name, AfterMatchSkipStrategy.skipPastLastEvent())
                        .where(condition);
        return times > 1 ? p.times(times).consecutive() : p;
    }

    public static Pattern<Signal, Signal> latencyStep(PatternRules rules) {
        return segmentRun(
                "delayed", SimpleCondition.of(rules::latencyStep), rules.sustainIntervals());
    }

    public static Pattern<Signal, Signal> congestion(PatternRules rules) {
        return segmentRun(
                "queueing", SimpleCondition.of(rules::queueing), rules.sustainIntervals());
    }

    public static Pattern<Signal, Signal> lossBurst(PatternRules rules) {
        return segmentRun("lossy", SimpleCondition.of(rules::lossBurst), 1);
    }

    public static Pattern<Signal, Signal> reordering(PatternRules rules) {
        return segmentRun("reordered", SimpleCondition.of(rules::reordering), 1);
    }

    public static Pattern<Signal, Signal> retransmissionStorm(PatternRules rules) {
        return segmentRun("retransmitting", SimpleCondition.of(rules::retransmissionStorm), 1);
    }

    public static Pattern<Signal, Signal> cpuWithTimeouts(PatternRules rules) {
        return Pattern.<Signal>begin("cpu", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(rules::cpuSaturated))
                .followedBy("timeouts")
                .where(SimpleCondition.of(Signal::isTimeoutLog))
                .times(rules.timeouts())
                .consecutive()
                .within(Duration.ofMillis(Math.round(rules.cpuTimeoutWindowS() * 1000)));
    }

    public static Pattern<Signal, Signal> deployThenDegradation(PatternRules rules) {
        return Pattern.<Signal>begin("deploy", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(s -> s.kind == Signal.Kind.DEPLOY))
                .followedBy("degradation")
                .where(
                        new IterativeCondition<>() {
                            @Override
                            public boolean filter(Signal s, Context<Signal> ctx) throws Exception {
                                if (!PatternRules.degradation(s) && !rules.sloBurning(s)) {
                                    return false;
                                }
                                long began =
                                        s.kind == Signal.Kind.DETECTION
                                                ? s.detection.startMs
                                                : s.tsMs;
                                for (Signal deploy : ctx.getEventsForPattern("deploy")) {
                                    if (began >= deploy.tsMs) {
                                        return true;
                                    }
                                }
                                return false;
                            }
                        })
                .within(Duration.ofMillis(Math.round(rules.deployWindowS() * 1000)));
    }

    /** Turns a match into a detection; serializable so a lambda can be one. */
    @FunctionalInterface
    public interface Detector extends java.io.Serializable {
        Detection detect(Map<String, List<Signal>> match);
    }

    public static PatternProcessFunction<Signal, Signal> latencyStepDetections(PatternRules rules) {
        return new Emit(m -> Detections.delay(m.get("delayed"), rules, false));
    }

    public static PatternProcessFunction<Signal, Signal> congestionDetections(PatternRules rules) {
        return new Emit(m -> Detections.delay(m.get("queueing"), rules, true));
    }

    public static PatternProcessFunction<Signal, Signal> lossDetections(PatternRules rules) {
        return new Emit(m -> Detections.loss(m.get("lossy"), rules));
    }

    public static PatternProcessFunction<Signal, Signal> reorderingDetections(PatternRules rules) {
        return new Emit(m -> Detections.reordering(m.get("reordered"), rules));
    }

    public static PatternProcessFunction<Signal, Signal> retransmissionDetections(
            PatternRules rules) {
        return new Emit(m -> Detections.retransmissions(m.get("retransmitting"), rules));
    }

    public static PatternProcessFunction<Signal, Signal> cpuDetections(PatternRules rules) {
        return new Emit(
                m -> Detections.cpuSaturation(m.get("cpu").get(0), m.get("timeouts"), rules));
    }

    public static PatternProcessFunction<Signal, Signal> deployDetections(PatternRules rules) {
        return new Emit(
                m ->
                        Detections.deployRegression(
                                m.get("deploy").get(0), m.get("degradation").get(0), rules));
    }

    private static DataStream<Signal> apply(
            KeyedStream<Signal, String> in,
            Pattern<Signal, Signal> pattern,
            PatternProcessFunction<Signal, Signal> fn,
            String name,
            String uid) {
        return CEP.pattern(in, pattern)
                .process(fn, TypeInformation.of(Signal.class))
                .name("pattern: " + name)
                .uid(uid);
    }

    /** Applies every segment pattern to the KPI signals (keyed by segment). */
    public static DataStream<Signal> segmentDetections(
            KeyedStream<Signal, String> kpis, PatternRules rules) {
        return apply(
                        kpis,
                        latencyStep(rules),
                        latencyStepDetections(rules),
                        "latency step",
                        Uids.PATTERN_LATENCY_STEP)
                .union(
                        apply(
                                kpis,
                                congestion(rules),
                                congestionDetections(rules),
                                "congestion",
                                Uids.PATTERN_CONGESTION),
                        apply(
                                kpis,
                                lossBurst(rules),
                                lossDetections(rules),
                                "loss burst",
                                Uids.PATTERN_LOSS_BURST),
                        apply(
                                kpis,
                                reordering(rules),
                                reorderingDetections(rules),
                                "reordering",
                                Uids.PATTERN_REORDERING),
                        apply(
                                kpis,
                                retransmissionStorm(rules),
                                retransmissionDetections(rules),
                                "retransmission storm",
                                Uids.PATTERN_RETRANSMISSION_STORM));
    }

    /** CPU saturation with timeouts, over CPU samples and log lines keyed by service. */
    public static DataStream<Signal> cpuDetections(
            KeyedStream<Signal, String> byService, PatternRules rules) {
        return apply(
                byService,
                cpuWithTimeouts(rules),
                cpuDetections(rules),
                "cpu saturation with timeouts",
                Uids.PATTERN_CPU_TIMEOUTS);
    }

    /** Deploys followed by a degradation, over deploys, detections and SLO alerts of one scope. */
    public static DataStream<Signal> deployDetections(
            KeyedStream<Signal, String> byScope, PatternRules rules) {
        return apply(
                byScope,
                deployThenDegradation(rules),
                deployDetections(rules),
                "deploy then degradation",
                Uids.PATTERN_DEPLOY_REGRESSION);
    }

    /** Wraps the detection a match gives as a DETECTION signal. */
    static final class Emit extends PatternProcessFunction<Signal, Signal> {
        private static final long serialVersionUID = 1L;
        private final Detector detector;

        Emit(Detector detector) {
            this.detector = detector;
        }

        @Override
        public void processMatch(
                Map<String, List<Signal>> match, Context ctx, Collector<Signal> out) {
            out.collect(Signal.of(detector.detect(match)));
        }
    }
}
