package io.phalanx.core.slo;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.slo.LocatedYaml.Mapping;
import io.phalanx.core.slo.LocatedYaml.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The editable, versioned parameters of {@link ImpactPrioritizer}, read from a YAML file (see
 * {@code core/README.md}, "Prioritisation rules", and the example {@code
 * src/test/resources/slo/prioritization-rules.yaml}). Every incident names the {@code version} it
 * was scored with, so bump it with every edit.
 *
 * @param weights points each term contributes at full strength; their sum is the maximum score
 * @param burnRateAtFullWeight current burn rate at which the burn-rate term is at full weight
 * @param revenuePerMinuteAtFullWeight revenue per minute at which the revenue term is full
 * @param usersAtFullWeight users at which the blast-radius term is full (log scale below)
 * @param fullExposureBurnRate burn rate at and above which impact terms count fully; below it they
 *     scale down linearly, to zero for a service that stopped failing
 * @param customerTiers factor 0..1 per tier name
 * @param levelFloors minimum score for P1..P4; anything lower is P5
 */
public record PrioritizationRules(
        String version,
        Weights weights,
        double burnRateAtFullWeight,
        double revenuePerMinuteAtFullWeight,
        long usersAtFullWeight,
        double fullExposureBurnRate,
        Map<String, Double> customerTiers,
        Map<Priority.Level, Double> levelFloors) {

    /** Points per term at full strength. */
    public record Weights(
            double burnRate,
            double budgetSpent,
            double revenue,
            double customerTier,
            double blastRadius) {}

    public PrioritizationRules {
        customerTiers = Map.copyOf(customerTiers);
        levelFloors = Map.copyOf(levelFloors);
    }

    /** Reads and validates a rules file. */
    public static PrioritizationRules parse(Path file) throws ConfigFileException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    /** Reads and validates rules from YAML text; {@code fileName} only labels errors. */
    public static PrioritizationRules parse(String yaml, String fileName)
            throws ConfigFileException {
        LocatedYaml.Reader r = new LocatedYaml.Reader(fileName);
        List<Node> docs = LocatedYaml.readDocuments(yaml, fileName);
        if (docs.size() != 1) {
            throw new ConfigFileException(
                    fileName,
                    docs.isEmpty() ? 0 : docs.get(1).line(),
                    "expected exactly one YAML document");
        }
        Mapping root = r.mapping(docs.get(0), "document");
        r.onlyKeys(
                root,
                "document",
                Set.of("version", "weights", "scales", "customerTiers", "levels"));
        String version = r.text(root, "version", "document");

        Mapping w = r.mapping(r.required(root, "weights", "document"), "weights");
        r.onlyKeys(
                w,
                "weights",
                Set.of("burnRate", "budgetSpent", "revenue", "customerTier", "blastRadius"));
        Weights weights =
                new Weights(
                        nonNegative(r, w, "burnRate", "weights"),
                        nonNegative(r, w, "budgetSpent", "weights"),
                        nonNegative(r, w, "revenue", "weights"),
                        nonNegative(r, w, "customerTier", "weights"),
                        nonNegative(r, w, "blastRadius", "weights"));

        Mapping s = r.mapping(r.required(root, "scales", "document"), "scales");
        r.onlyKeys(
                s,
                "scales",
                Set.of(
                        "burnRateAtFullWeight",
                        "revenuePerMinuteAtFullWeight",
                        "usersAtFullWeight",
                        "fullExposureBurnRate"));
        double burnFull = positive(r, s, "burnRateAtFullWeight", "scales");
        double revenueFull = positive(r, s, "revenuePerMinuteAtFullWeight", "scales");
        double usersFull = positive(r, s, "usersAtFullWeight", "scales");
        double exposure = positive(r, s, "fullExposureBurnRate", "scales");

        Mapping t = r.mapping(r.required(root, "customerTiers", "document"), "customerTiers");
        if (t.entries().isEmpty()) {
            throw r.error(t, "customerTiers must name at least one tier");
        }
        Map<String, Double> tiers = new LinkedHashMap<>();
        for (String tier : t.entries().keySet()) {
            double f = r.number(t, tier, "customerTiers");
            if (f < 0 || f > 1) {
                throw r.error(
                        t.get(tier),
                        "customerTiers." + tier + " must be between 0 and 1, got " + f);
            }
            tiers.put(tier, f);
        }

        Mapping l = r.mapping(r.required(root, "levels", "document"), "levels");
        r.onlyKeys(l, "levels", Set.of("P1", "P2", "P3", "P4"));
        Map<Priority.Level, Double> floors = new EnumMap<>(Priority.Level.class);
        double above = Double.POSITIVE_INFINITY;
        for (Priority.Level level :
                List.of(
                        Priority.Level.P1,
                        Priority.Level.P2,
                        Priority.Level.P3,
                        Priority.Level.P4)) {
            double floor = nonNegative(r, l, level.name(), "levels");
            if (!(floor < above)) {
                throw r.error(
                        l.get(level.name()),
                        "levels."
                                + level
                                + " ("
                                + floor
                                + ") must be lower than the level above it ("
                                + above
                                + ")");
            }
            floors.put(level, floor);
            above = floor;
        }
        return new PrioritizationRules(
                version, weights, burnFull, revenueFull, (long) usersFull, exposure, tiers, floors);
    }

    private static double nonNegative(LocatedYaml.Reader r, Mapping m, String key, String path)
            throws ConfigFileException {
        double d = r.number(m, key, path);
        if (d < 0) {
            throw r.error(m.get(key), path + "." + key + " must be >= 0, got " + d);
        }
        return d;
    }

    private static double positive(LocatedYaml.Reader r, Mapping m, String key, String path)
            throws ConfigFileException {
        double d = r.number(m, key, path);
        if (!(d > 0)) {
            throw r.error(m.get(key), path + "." + key + " must be > 0, got " + d);
        }
        return d;
    }
}
