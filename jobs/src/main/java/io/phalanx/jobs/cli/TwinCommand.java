package io.phalanx.jobs.cli;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.JsonLinesFile;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloFileParser;
import io.phalanx.core.twin.PredictedVsObserved;
import io.phalanx.core.twin.Recommendations;
import io.phalanx.core.twin.ServiceTopology;
import io.phalanx.core.twin.TwinHistory;
import io.phalanx.core.twin.TwinModelFile;
import io.phalanx.core.twin.TwinReplay;
import io.phalanx.core.twin.TwinResultFile;
import io.phalanx.core.twin.TwinRun;
import io.phalanx.core.twin.TwinSlo;
import io.phalanx.core.twin.WhatIfScenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phalanx twin}: the digital twin from the command line. Calibrates the queueing model from
 * per-minute KPI history, replays the history at a load multiplier (and a routing or replica
 * change), prints predictions, SLO burn and recommendations, stores them, and compares a stored
 * prediction with what was observed later. The logic is {@link TwinReplay}; this class only reads
 * files and prints.
 */
@Command(
        name = "twin",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Predict latency, utilisation, saturation and SLO burn under more load or a routing change.",
            "",
            "Calibrates a queueing model of the services from per-minute KPI history (metrics feed",
            "JSON Lines: request_rate, latency_mean_seconds, latency_p99_seconds, utilization,",
            "servers per service; class_request_rate per request class), replays every minute at",
            "the change and recommends replicas, flags saturating links and better routes."
        },
        footer = {
            "",
            "Examples:",
            "  phalanx simulate --showcase launch-3x --out out/sim",
            "  phalanx twin --history out/sim/launch-3x/history-1x.jsonl --topology out/sim/launch-3x/topology.json \\",
            "      --scale 3x --slo out/sim/launch-3x/slo.yaml --out out/twin",
            "  phalanx twin --prediction out/twin/twin-prediction.json \\",
            "      --compare-observed out/sim/launch-3x/observed-3x.jsonl"
        })
public final class TwinCommand implements Callable<Integer> {
    @Option(
            names = "--history",
            paramLabel = "FILE",
            description = "Per-minute KPI history (metrics JSON Lines) to calibrate and replay.")
    Path history;

    @Option(
            names = "--topology",
            paramLabel = "FILE",
            description =
                    "topology.json with a \"twin\" block (services, links, request classes);"
                            + " default: each service of the history is a class of its own.")
    Path topology;

    @Option(
            names = "--scale",
            defaultValue = "1x",
            paramLabel = "MULTIPLIER",
            description = "Load multiplier, e.g. 3x or 1.5 (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(
            names = "--slo",
            paramLabel = "FILE",
            description = "OpenSLO file; latency SLOs with le=\"<seconds>\" in the good query.")
    Path slo;

    @Option(
            names = "--remove-link",
            paramLabel = "NAME",
            description = "A link (or service) taken out; classes move to their next path.")
    List<String> removed = new ArrayList<>();

    @Option(
            names = "--class-scale",
            paramLabel = "CLASS=M",
            description = "Traffic-mix change: multiply one request class's rate (repeatable).")
    Map<String, Double> classScale = new LinkedHashMap<>();

    @Option(
            names = "--replicas",
            paramLabel = "SERVICE=N",
            description = "Server count of a service under the change.")
    Map<String, Integer> replicas = new LinkedHashMap<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Store the prediction as DIR/" + TwinResultFile.FILE_NAME + ".")
    Path out;

    @Option(
            names = "--prediction",
            paramLabel = "FILE",
            description = "A stored prediction to compare instead of computing one.")
    Path prediction;

    @Option(
            names = "--compare-observed",
            paramLabel = "FILE",
            description =
                    "Observed per-minute KPIs (metrics JSON Lines): print predicted vs observed.")
    Path observed;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        TwinResultFile.Stored stored;
        if (history != null) {
            TwinRun run = run();
            print(run, o);
            if (out != null) {
                o.println("prediction stored: " + TwinResultFile.write(run, out));
            }
            stored = TwinResultFile.stored(run);
        } else if (prediction != null) {
            stored = TwinResultFile.read(prediction);
        } else {
            throw new IllegalArgumentException(
                    "--history (or --prediction with --compare-observed) is required");
        }
        if (observed != null) {
            TwinHistory actual = read(observed);
            o.println();
            o.printf(
                    Locale.ROOT,
                    "Predicted (x%s) vs observed (%s, %d minutes):%n",
                    trim(stored.loadMultiplier()),
                    observed,
                    actual.minutes().size());
            o.print(PredictedVsObserved.format(PredictedVsObserved.compare(stored, actual)));
        }
        return 0;
    }

    /** Reads the inputs and runs the twin. */
    TwinRun run() throws IOException, io.phalanx.core.config.ConfigFileException {
        TwinHistory h = read(history);
        ServiceTopology structure =
                topology == null ? TwinModelFile.fromHistory(h) : TwinModelFile.read(topology);
        List<TwinSlo> slos = new ArrayList<>();
        if (slo != null) {
            for (SloDefinition d : SloFileParser.parse(slo)) {
                slos.add(TwinSlo.of(d, structure));
            }
        }
        WhatIfScenario change = WhatIfScenario.atLoad(multiplier(scale)).withReplicas(replicas);
        for (String r : removed) {
            if (!structure.links().containsKey(r) && !structure.services().containsKey(r)) {
                throw new IllegalArgumentException(
                        "--remove-link " + r + ": no such link or service in the twin");
            }
            change = change.without(r);
        }
        return TwinReplay.run(structure, h, change, classScale, slos);
    }

    static double multiplier(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double m = Double.parseDouble(t);
            if (!(m >= 0) || Double.isInfinite(m)) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--scale must be a multiplier such as 3x or 1.5, got '" + text + "'");
        }
    }

    private static TwinHistory read(Path file) throws IOException {
        List<DeadLetter> dead = new ArrayList<>();
        TwinHistory h =
                TwinHistory.fromMetrics(
                        JsonLinesFile.read(file, "metrics", EventJson::metric, dead::add));
        for (DeadLetter d : dead.subList(0, Math.min(5, dead.size()))) {
            System.err.println("twin: " + d.file + ": " + d.reason);
        }
        if (dead.size() > 5) {
            System.err.println("twin: ... " + (dead.size() - 5) + " more unreadable lines");
        }
        if (h.minutes().isEmpty()) {
            throw new IllegalArgumentException(
                    file
                            + ": no per-minute twin KPI (request_rate, utilization, latency_*_seconds)");
        }
        return h;
    }

    void print(TwinRun run, PrintStream o) {
        WhatIfScenario c = run.change();
        o.printf(
                Locale.ROOT,
                "Twin: %d minutes from %s replayed at x%s%s%s%s%n",
                run.minutes().size(),
                Instant.ofEpochMilli(run.minutes().get(0).startMillis()),
                trim(c.loadMultiplier()),
                c.removedNodes().isEmpty()
                        ? ""
                        : ", without "
                                + String.join(", ", c.removedNodes().stream().sorted().toList()),
                c.replicas().isEmpty() ? "" : ", replicas " + c.replicas(),
                classScale.isEmpty() ? "" : ", class mix " + classScale);
        o.println();
        o.printf(
                Locale.ROOT,
                "%-16s %7s %9s %9s %6s %11s %11s %9s%n",
                "service",
                "servers",
                "E[S] ms",
                "req/s",
                "util",
                "peak util",
                "mean ms",
                "sat.min");
        run.services()
                .forEach(
                        (name, s) -> {
                            var station = run.calibrated().services().get(name);
                            o.printf(
                                    Locale.ROOT,
                                    "%-16s %7d %9.2f %9.1f %6.2f %11.2f %11s %9d%n",
                                    name,
                                    c.replicas().getOrDefault(name, station.servers()),
                                    station.serviceTime().meanSeconds() * 1000,
                                    s.meanArrivalRate(),
                                    s.meanUtilisation(),
                                    s.peakUtilisation(),
                                    ms(s.meanSeconds()),
                                    s.saturatedMinutes());
                        });
        o.println();
        o.printf(
                Locale.ROOT,
                "%-16s %9s %11s %11s %13s %9s%n",
                "class",
                "req/s",
                "mean ms",
                "p99 ms",
                "peak p99 ms",
                "sat.min");
        run.classes()
                .forEach(
                        (name, k) ->
                                o.printf(
                                        Locale.ROOT,
                                        "%-16s %9.1f %11s %11s %13s %9d%n",
                                        name,
                                        k.meanArrivalRate(),
                                        ms(k.meanSeconds()),
                                        ms(k.p99Seconds()),
                                        ms(k.peakP99Seconds()),
                                        k.saturatedMinutes()));
        o.println();
        run.saturationAtPeak()
                .ifPresent(
                        s ->
                                o.printf(
                                        Locale.ROOT,
                                        "Saturation: at the busiest minute (%s) %s saturates at x%.2f of that minute's historical traffic%n",
                                        Instant.ofEpochMilli(
                                                run.minutes().get(run.peakMinute()).startMillis()),
                                        s.node(),
                                        s.loadMultiplier()));
        for (TwinRun.SloOutcome s : run.slos()) {
            o.printf(
                    Locale.ROOT,
                    "SLO %s (%s, %.2f%% under %s ms): predicted good %.4f%%, burn rate %.2f over the replay, worst short-window burn %.2f, %s, error budget left %.1f%%%n",
                    s.name(),
                    s.service(),
                    100 * s.objective(),
                    ms(s.thresholdSeconds()),
                    100 * s.goodFraction(),
                    s.burnRate(),
                    s.worstCurrentBurnRate(),
                    s.firedAlerts().isEmpty()
                            ? "no alert would fire"
                            : "alerts "
                                    + s.firedAlerts()
                                    + " fire from "
                                    + Instant.ofEpochMilli(s.firstFiringMillis()),
                    100 * s.budgetRemaining());
        }
        o.println();
        o.println("Recommendations (at the busiest minute):");
        Recommendations.ReplicaPlan plan = run.replicaPlan();
        if (run.slos().isEmpty()) {
            o.println("  replicas: no SLO given (--slo), only saturation is checked");
        }
        if (plan.added().isEmpty()) {
            o.println("  replicas: none needed");
        } else {
            plan.added()
                    .forEach(
                            (svc, n) ->
                                    o.printf(
                                            Locale.ROOT,
                                            "  replicas: %s %d -> %d (+%d)%n",
                                            svc,
                                            plan.servers().get(svc) - n,
                                            plan.servers().get(svc),
                                            n));
        }
        if (!plan.unmetClasses().isEmpty()) {
            o.println("  no replica count keeps the SLO of: " + plan.unmetClasses());
        }
        for (Recommendations.LinkSaturation l : run.saturatingLinks()) {
            o.printf(
                    Locale.ROOT,
                    "  link %s at %.0f%% utilisation, saturates at x%.2f%n",
                    l.link(),
                    100 * l.utilisation(),
                    l.saturationMultiplier());
        }
        for (Recommendations.RouteRecommendation r : run.alternativeRoutes()) {
            o.printf(
                    Locale.ROOT,
                    "  route %s via %s: good %.2f%% -> %.2f%%%s%n",
                    r.requestClass(),
                    r.recommended(),
                    100 * r.currentGoodFraction(),
                    100 * r.recommendedGoodFraction(),
                    r.otherClassesStillMeetObjectives()
                            ? ""
                            : " (another class would then miss its SLO)");
        }
        if (run.saturatingLinks().isEmpty()) {
            o.println("  links: none above 80 % utilisation");
        }
    }

    private static String ms(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        return Double.isInfinite(seconds)
                ? "saturated"
                : String.format(Locale.ROOT, "%.1f", seconds * 1000);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
