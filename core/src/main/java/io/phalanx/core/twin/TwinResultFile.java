package io.phalanx.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A twin run stored for later comparison with what happened (schema {@code
 * phalanx-twin-prediction/1}): the change asked about, the calibrated stations, per service and per
 * class the summary figures, the SLOs, the recommendations, and every minute's class latency and
 * node utilisation. Seconds throughout; a figure without a steady state is written as {@code null}
 * (JSON has no infinity) next to a {@code saturatedMinutes} count.
 */
public final class TwinResultFile {
    public static final String SCHEMA = "phalanx-twin-prediction/1";
    public static final String FILE_NAME = "twin-prediction.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TwinResultFile() {}

    /** The summary figures a stored prediction is compared on. */
    public record Stored(
            double loadMultiplier,
            Map<String, TwinRun.ServiceSummary> services,
            Map<String, TwinRun.ClassSummary> classes) {}

    public static ObjectNode toJson(TwinRun run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode change = root.putObject("change");
        change.put("loadMultiplier", run.change().loadMultiplier());
        run.change().removedNodes().stream().sorted().forEach(change.putArray("removed")::add);
        ObjectNode replicas = change.putObject("replicas");
        run.change().replicas().forEach(replicas::put);
        root.put("minutes", run.minutes().size());
        root.put("from", Instant.ofEpochMilli(run.minutes().get(0).startMillis()).toString());
        root.put(
                "peakMinute",
                Instant.ofEpochMilli(run.minutes().get(run.peakMinute()).startMillis()).toString());
        run.saturationAtPeak()
                .ifPresent(
                        s -> {
                            ObjectNode n = root.putObject("saturationAtPeak");
                            n.put("loadMultiplier", s.loadMultiplier());
                            n.put("node", s.node());
                        });
        ArrayNode calibrated = root.putArray("calibrated");
        for (QueueingStation s : run.calibrated().services().values()) {
            ObjectNode n = calibrated.addObject();
            n.put("service", s.name());
            n.put("servers", s.servers());
            n.put("meanServiceSeconds", s.serviceTime().meanSeconds());
            n.put("scv", s.serviceTime().scv());
        }
        ObjectNode services = root.putObject("services");
        run.services()
                .forEach(
                        (name, s) -> {
                            ObjectNode n = services.putObject(name);
                            num(n, "meanArrivalRate", s.meanArrivalRate());
                            num(n, "meanUtilisation", s.meanUtilisation());
                            num(n, "peakUtilisation", s.peakUtilisation());
                            num(n, "meanSeconds", s.meanSeconds());
                            num(n, "p99AtPeakSeconds", s.p99AtPeakSeconds());
                            n.put("saturatedMinutes", s.saturatedMinutes());
                        });
        ObjectNode classes = root.putObject("classes");
        run.classes()
                .forEach(
                        (name, c) -> {
                            ObjectNode n = classes.putObject(name);
                            num(n, "meanArrivalRate", c.meanArrivalRate());
                            num(n, "meanSeconds", c.meanSeconds());
                            num(n, "p99Seconds", c.p99Seconds());
                            num(n, "peakP99Seconds", c.peakP99Seconds());
                            n.put("saturatedMinutes", c.saturatedMinutes());
                        });
        ArrayNode slos = root.putArray("slos");
        for (TwinRun.SloOutcome s : run.slos()) {
            ObjectNode n = slos.addObject();
            n.put("name", s.name());
            n.put("service", s.service());
            n.put("thresholdSeconds", s.thresholdSeconds());
            n.put("objective", s.objective());
            num(n, "goodFraction", s.goodFraction());
            num(n, "burnRate", s.burnRate());
            num(n, "worstCurrentBurnRate", s.worstCurrentBurnRate());
            if (s.firstFiringMillis() >= 0) {
                n.put("firstFiring", Instant.ofEpochMilli(s.firstFiringMillis()).toString());
            }
            s.firedAlerts().forEach(n.putArray("firedAlerts")::add);
            num(n, "budgetRemaining", s.budgetRemaining());
        }
        ObjectNode rec = root.putObject("recommendations");
        ObjectNode plan = rec.putObject("replicas");
        run.replicaPlan().servers().forEach(plan::put);
        ObjectNode added = rec.putObject("replicasAdded");
        run.replicaPlan().added().forEach(added::put);
        run.replicaPlan().unmetClasses().forEach(rec.putArray("unmetClasses")::add);
        ArrayNode links = rec.putArray("saturatingLinks");
        for (Recommendations.LinkSaturation l : run.saturatingLinks()) {
            ObjectNode n = links.addObject();
            n.put("link", l.link());
            n.put("utilisation", l.utilisation());
            n.put("saturationMultiplier", l.saturationMultiplier());
        }
        ArrayNode routes = rec.putArray("alternativeRoutes");
        for (Recommendations.RouteRecommendation r : run.alternativeRoutes()) {
            ObjectNode n = routes.addObject();
            n.put("class", r.requestClass());
            n.put("path", r.recommended().toString());
            n.put("currentGoodFraction", r.currentGoodFraction());
            n.put("recommendedGoodFraction", r.recommendedGoodFraction());
            n.put("otherClassesStillMeetObjectives", r.otherClassesStillMeetObjectives());
        }
        ArrayNode perMinute = root.putArray("perMinute");
        for (TwinRun.MinutePrediction m : run.minutes()) {
            ObjectNode n = perMinute.addObject();
            n.put("ts", Instant.ofEpochMilli(m.startMillis()).toString());
            ObjectNode u = n.putObject("utilisation");
            m.nodes().forEach((k, v) -> num(u, k, v.utilisation()));
            ObjectNode p99 = n.putObject("classP99Seconds");
            m.classes().forEach((k, v) -> num(p99, k, v.p99Seconds()));
        }
        return root;
    }

    public static Path write(TwinRun run, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        JSON.writeValue(file.toFile(), toJson(run));
        return file;
    }

    /** Reads the summary figures of a stored prediction. */
    public static Stored read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IOException(file + ": not a " + SCHEMA + " file");
        }
        Map<String, TwinRun.ServiceSummary> services = new LinkedHashMap<>();
        root.path("services")
                .fields()
                .forEachRemaining(
                        e -> {
                            JsonNode n = e.getValue();
                            services.put(
                                    e.getKey(),
                                    new TwinRun.ServiceSummary(
                                            num(n, "meanArrivalRate"),
                                            num(n, "meanUtilisation"),
                                            num(n, "peakUtilisation"),
                                            num(n, "meanSeconds"),
                                            num(n, "p99AtPeakSeconds"),
                                            n.path("saturatedMinutes").asInt()));
                        });
        Map<String, TwinRun.ClassSummary> classes = new LinkedHashMap<>();
        root.path("classes")
                .fields()
                .forEachRemaining(
                        e -> {
                            JsonNode n = e.getValue();
                            classes.put(
                                    e.getKey(),
                                    new TwinRun.ClassSummary(
                                            num(n, "meanArrivalRate"),
                                            num(n, "meanSeconds"),
                                            num(n, "p99Seconds"),
                                            num(n, "peakP99Seconds"),
                                            n.path("saturatedMinutes").asInt()));
                        });
        return new Stored(root.path("change").path("loadMultiplier").asDouble(), services, classes);
    }

    public static Stored stored(TwinRun run) {
        return new Stored(run.change().loadMultiplier(), run.services(), run.classes());
    }

    private static void num(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
