package io.phalanx.functions;

import io.phalanx.core.slo.ServiceImpact;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.twin.PredictedVsObserved;
import io.phalanx.core.twin.QueueingStation;
import io.phalanx.core.twin.RequestClass;
import io.phalanx.core.twin.RequestPath;
import io.phalanx.core.twin.ServiceTimeDistribution;
import io.phalanx.core.twin.ServiceTopology;
import io.phalanx.core.twin.TwinHistory;
import io.phalanx.core.twin.TwinReplay;
import io.phalanx.core.twin.TwinResultFile;
import io.phalanx.core.twin.TwinRun;
import io.phalanx.core.twin.TwinSlo;
import io.phalanx.core.twin.WhatIfScenario;
import io.phalanx.functions.messages.Json;
import io.phalanx.functions.messages.TwinCompareRequest;
import io.phalanx.functions.messages.TwinComparison;
import io.phalanx.functions.messages.TwinPrediction;
import io.phalanx.functions.messages.TwinRequest;
import io.phalanx.functions.messages.TwinSample;
import io.phalanx.functions.messages.TwinScenarioRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;

/**
 * The digital twin of one service (id: the service name), a single queueing station whose service
 * time core calibrates from the minutes it was fed ({@link TwinSample}). A {@link
 * TwinScenarioRequest} replays those minutes through {@link TwinReplay} under the change and
 * publishes a {@link TwinPrediction} (with the replicas that keep the SLO) to {@code
 * phalanx.twin-predictions.v1}; a {@link TwinCompareRequest} publishes {@link PredictedVsObserved}
 * of a stored result against later minutes (a {@link TwinComparison}, same topic). From Kafka all
 * three come wrapped in a {@link TwinRequest} on {@code phalanx.twin-requests.v1}.
 *
 * <p>State: {@code samples}, the last {@value #MAX_SAMPLES} minutes (one a minute, oldest dropped),
 * 30 days after the last write; {@code results}, the last {@value #MAX_RESULTS} scenario results by
 * scenario id (a repeated id replaces its result), 30 days.
 */
public final class TwinFn implements StatefulFunction {
    static final int MAX_SAMPLES = 1440;
    static final int MAX_RESULTS = 20;

    static final ValueSpec<TwinSample[]> SAMPLES =
            ValueSpec.named("samples")
                    .thatExpireAfterWrite(Duration.ofDays(30))
                    .withCustomType(Types.TWIN_SAMPLES_STATE);
    static final ValueSpec<Types.TwinResults> RESULTS =
            ValueSpec.named("results")
                    .thatExpireAfterWrite(Duration.ofDays(30))
                    .withCustomType(Types.TWIN_RESULTS_STATE);

    public static StatefulFunctionSpec spec() {
        return StatefulFunctionSpec.builder(Types.TWIN)
                .withValueSpecs(SAMPLES, RESULTS)
                .withSupplier(TwinFn::new)
                .build();
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        if (message.is(Types.TWIN_REQUEST)) {
            TwinRequest r = message.as(Types.TWIN_REQUEST);
            if (r.sample() != null) {
                sample(context, r.sample());
            } else if (r.scenario() != null) {
                scenario(context, r.scenario());
            } else {
                compare(context, r.compare());
            }
        } else if (message.is(Types.TWIN_SAMPLE)) {
            sample(context, message.as(Types.TWIN_SAMPLE));
        } else if (message.is(Types.TWIN_SCENARIO)) {
            scenario(context, message.as(Types.TWIN_SCENARIO));
        } else if (message.is(Types.TWIN_COMPARE)) {
            compare(context, message.as(Types.TWIN_COMPARE));
        } else {
            throw new IllegalArgumentException(
                    "twin: unexpected message " + message.valueTypeName());
        }
        return context.done();
    }

    private static void sample(Context context, TwinSample s) {
        TreeMap<Long, TwinSample> byMinute = new TreeMap<>();
        for (TwinSample x : Types.list(context.storage().get(SAMPLES).orElse(null))) {
            byMinute.put(x.minuteStartMillis(), x);
        }
        byMinute.put(s.minuteStartMillis(), s);
        while (byMinute.size() > MAX_SAMPLES) {
            byMinute.pollFirstEntry();
        }
        context.storage().set(SAMPLES, byMinute.values().toArray(new TwinSample[0]));
    }

    private static void scenario(Context context, TwinScenarioRequest r) {
        String service = context.self().id();
        List<TwinSample> samples = Types.list(context.storage().get(SAMPLES).orElse(null));
        TwinRun run = predict(service, samples, r);
        TwinPrediction p = prediction(service, r, samples, run);
        List<Types.TwinResult> results =
                new ArrayList<>(
                        context.storage()
                                .get(RESULTS)
                                .map(Types.TwinResults::results)
                                .orElse(List.of()));
        results.removeIf(x -> x.prediction().scenarioId().equals(r.scenarioId()));
        results.add(new Types.TwinResult(p, TwinResultFile.stored(run)));
        while (results.size() > MAX_RESULTS) {
            results.remove(0);
        }
        context.storage().set(RESULTS, new Types.TwinResults(results));
        publish(context, service, p);
    }

    private static void compare(Context context, TwinCompareRequest q) {
        String service = context.self().id();
        Types.TwinResult stored =
                context
                        .storage()
                        .get(RESULTS)
                        .map(Types.TwinResults::results)
                        .orElse(List.of())
                        .stream()
                        .filter(x -> x.prediction().scenarioId().equals(q.scenarioId()))
                        .findFirst()
                        .orElse(null);
        TwinComparison out;
        if (stored == null) {
            out =
                    new TwinComparison(
                            1, service, q.scenarioId(), q.requestId(), false, List.of(), "");
        } else {
            List<PredictedVsObserved.Row> rows =
                    PredictedVsObserved.compare(stored.stored(), history(service, q.observed()));
            out =
                    new TwinComparison(
                            1,
                            service,
                            q.scenarioId(),
                            q.requestId(),
                            true,
                            rows.stream()
                                    .map(
                                            x ->
                                                    new TwinComparison.Row(
                                                            x.kind(),
                                                            x.name(),
                                                            x.figure(),
                                                            finite(x.predicted()),
                                                            finite(x.observed()),
                                                            finite(x.relativeError())))
                                    .toList(),
                            PredictedVsObserved.format(rows));
        }
        publish(context, service, out);
    }

    static TwinRun predict(String service, List<TwinSample> samples, TwinScenarioRequest r) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("twin " + service + ": no calibration sample yet");
        }
        ServiceTopology declared =
                ServiceTopology.builder()
                        .service(
                                QueueingStation.of(
                                        service, 1, ServiceTimeDistribution.exponential(0.01)))
                        .requestClass(RequestClass.of(service, 1, RequestPath.through(service)))
                        .build();
        WhatIfScenario change = WhatIfScenario.atLoad(r.loadMultiplier());
        for (String node : r.removedLinks()) {
            change = change.without(node);
        }
        if (r.replicas() != null) {
            change = change.withReplicas(service, r.replicas());
        }
        List<TwinSlo> slos = new ArrayList<>();
        if (r.sloThresholdSeconds() != null && r.sloObjective() != null) {
            String le = String.format(Locale.ROOT, "%s", r.sloThresholdSeconds());
            SloDefinition d =
                    new SloDefinition(
                            service + "-latency",
                            service,
                            "twin scenario " + r.scenarioId(),
                            new SloDefinition.RatioIndicator(
                                    "latency",
                                    new SloDefinition.MetricSource(
                                            "Prometheus", "le=\"" + le + "\""),
                                    new SloDefinition.MetricSource("Prometheus", "total")),
                            r.sloObjective(),
                            Duration.ofDays(28),
                            SloDefinition.AlertPolicy.workbookDefaults(),
                            ServiceImpact.none());
            slos.add(TwinSlo.of(d, declared));
        }
        return TwinReplay.run(declared, history(service, samples), change, slos);
    }

    static TwinHistory history(String service, List<TwinSample> samples) {
        List<TwinHistory.Minute> minutes = new ArrayList<>();
        samples.stream()
                .sorted((a, b) -> Long.compare(a.minuteStartMillis(), b.minuteStartMillis()))
                .forEach(
                        s ->
                                minutes.add(
                                        new TwinHistory.Minute(
                                                s.minuteStartMillis(),
                                                Map.of(
                                                        service,
                                                        new TwinHistory.ServiceMinute(
                                                                s.requestRate(),
                                                                nan(s.latencyMeanSeconds()),
                                                                Double.NaN,
                                                                nan(s.latencyP99Seconds()),
                                                                nan(s.utilisation()),
                                                                nan(s.servers()))),
                                                Map.of())));
        return TwinHistory.of(minutes);
    }

    private static TwinPrediction prediction(
            String service, TwinScenarioRequest r, List<TwinSample> samples, TwinRun run) {
        TwinRun.ServiceSummary s = run.services().get(service);
        int replicas = run.calibrated().services().get(service).servers();
        if (r.replicas() != null) {
            replicas = r.replicas();
        }
        int needed = run.replicaPlan().servers().getOrDefault(service, replicas);
        List<String> recs = new ArrayList<>();
        Double burn = null;
        Double good = null;
        if (!run.slos().isEmpty()) {
            TwinRun.SloOutcome o = run.slos().get(0);
            good = finite(o.goodFraction());
            burn = finite(o.burnRate());
            if (needed > replicas) {
                recs.add(
                        String.format(
                                Locale.ROOT,
                                "add %d %s of %s (%d -> %d) to keep p%s < %ss at x%s",
                                needed - replicas,
                                needed - replicas == 1 ? "replica" : "replicas",
                                service,
                                replicas,
                                needed,
                                100 * o.objective(),
                                o.thresholdSeconds(),
                                r.loadMultiplier()));
            } else if (!run.replicaPlan().meetsAll()) {
                recs.add("no replica count keeps the SLO: " + run.replicaPlan().unmetClasses());
            } else {
                recs.add(String.format(Locale.ROOT, "%d replicas keep the SLO", replicas));
            }
        }
        if (s.saturatedMinutes() > 0) {
            recs.add(
                    String.format(
                            Locale.ROOT,
                            "%s saturates in %d of %d minutes",
                            service,
                            s.saturatedMinutes(),
                            run.minutes().size()));
        }
        run.saturatingLinks()
                .forEach(
                        l ->
                                recs.add(
                                        String.format(
                                                Locale.ROOT,
                                                "link %s at %.0f%% utilisation",
                                                l.link(),
                                                100 * l.utilisation())));
        run.alternativeRoutes()
                .forEach(a -> recs.add("route " + a.requestClass() + " via " + a.recommended()));
        return new TwinPrediction(
                1,
                service,
                r.scenarioId(),
                r.loadMultiplier(),
                run.minutes().size(),
                s.meanArrivalRate(),
                s.meanUtilisation(),
                s.peakUtilisation(),
                finite(s.meanSeconds()),
                finite(s.p99AtPeakSeconds()),
                s.saturatedMinutes(),
                run.saturationAtPeak().map(x -> x.loadMultiplier()).orElse(null),
                good,
                burn,
                replicas,
                needed,
                recs);
    }

    private static void publish(Context context, String service, Object value) {
        context.send(
                KafkaEgressMessage.forEgress(Types.KAFKA_EGRESS)
                        .withTopic(Types.TWIN_PREDICTIONS_TOPIC)
                        .withUtf8Key(service)
                        .withValue(Json.write(value))
                        .build());
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
