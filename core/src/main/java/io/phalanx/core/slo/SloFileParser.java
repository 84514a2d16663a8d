package io.phalanx.core.slo;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.slo.LocatedYaml.Mapping;
import io.phalanx.core.slo.LocatedYaml.Node;
import io.phalanx.core.slo.LocatedYaml.Sequence;
import io.phalanx.core.slo.SloDefinition.AlertPolicy;
import io.phalanx.core.slo.SloDefinition.MetricSource;
import io.phalanx.core.slo.SloDefinition.RatioIndicator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SLOs from OpenSLO v1 YAML, the subset Phalanx can evaluate, and rejects everything else at
 * load time with the line and the reason (a {@link ConfigFileException}).
 *
 * <p>Accepted: one or more {@code ---}-separated documents, each {@code apiVersion: openslo/v1},
 * {@code kind: SLO}, with {@code metadata.name}, {@code spec.service}, an inline {@code
 * spec.indicator} whose {@code spec.ratioMetric} has {@code good} and {@code total} metric sources
 * ({@code metricSource.type} and {@code metricSource.spec.query}), exactly one {@code
 * spec.objectives[].target}, exactly one rolling {@code spec.timeWindow[]} and optionally {@code
 * budgetingMethod: Occurrences}. Phalanx-specific settings live in the extension block {@code
 * spec.x-phalanx}: {@code bucket}, {@code minimumEvents}, {@code projectionWindow}, {@code
 * burnRateAlerts} (defaults: the Workbook's pairs) and {@code impact}. Rejected on purpose: unknown
 * keys (a misspelt optional key would silently vanish), {@code bad} ratios, {@code indicatorRef},
 * threshold metrics, calendar windows, several objectives, and timeslice budgeting. Durations are
 * {@code <n>s|m|h|d|w}.
 */
public final class SloFileParser {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private SloFileParser() {}

    /** Parses a file; the file name in errors is the path as given. */
    public static List<SloDefinition> parse(Path file) throws ConfigFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code fileName} only labels error messages. */
    public static List<SloDefinition> parse(String yaml, String fileName)
            throws ConfigFileException {
        LocatedYaml.Reader r = new LocatedYaml.Reader(fileName);
        List<Node> docs = LocatedYaml.readDocuments(yaml, fileName);
        if (docs.isEmpty()) {
            throw new ConfigFileException(fileName, 0, "no SLO document in file");
        }
        List<SloDefinition> slos = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node doc : docs) {
            SloDefinition slo = slo(r, r.mapping(doc, "document"));
            Integer first = seen.putIfAbsent(slo.name(), doc.line());
            if (first != null) {
                throw r.error(doc, "SLO '" + slo.name() + "' is already defined at line " + first);
            }
            slos.add(slo);
        }
        return List.copyOf(slos);
    }

    private static SloDefinition slo(LocatedYaml.Reader r, Mapping doc) throws ConfigFileException {
        r.onlyKeys(doc, "document", Set.of("apiVersion", "kind", "metadata", "spec"));
        String apiVersion = r.text(doc, "apiVersion", "document");
        if (!apiVersion.equals("openslo/v1")) {
            throw r.error(
                    doc.get("apiVersion"),
                    "apiVersion must be openslo/v1, got '" + apiVersion + "'");
        }
        String kind = r.text(doc, "kind", "document");
        if (!kind.equals("SLO")) {
            throw r.error(
                    doc.get("kind"),
                    "kind must be SLO (only SLOs with inline indicators are supported), got '"
                            + kind
                            + "'");
        }
        Mapping metadata = r.mapping(r.required(doc, "metadata", "document"), "metadata");
        r.onlyKeys(metadata, "metadata", Set.of("name", "displayName", "labels", "annotations"));
        String name = r.text(metadata, "name", "metadata");
        if (!NAME.matcher(name).matches()) {
            throw r.error(
                    metadata.get("name"),
                    "metadata.name must be a DNS label (lower-case letters, digits, '-'), got '"
                            + name
                            + "'");
        }

        Mapping spec = r.mapping(r.required(doc, "spec", "document"), "spec");
        if (spec.get("indicatorRef") != null) {
            throw r.error(
                    spec.get("indicatorRef"),
                    "spec.indicatorRef is not supported: inline the SLI under spec.indicator");
        }
        r.onlyKeys(
                spec,
                "spec",
                Set.of(
                        "description",
                        "service",
                        "indicator",
                        "budgetingMethod",
                        "timeWindow",
                        "objectives",
                        "alertPolicies",
                        "x-phalanx"));
        String service = r.text(spec, "service", "spec");
        String description = r.optionalText(spec, "description", "spec", "");
        String budgeting = r.optionalText(spec, "budgetingMethod", "spec", "Occurrences");
        if (!budgeting.equals("Occurrences")) {
            throw r.error(
                    spec.get("budgetingMethod"),
                    "spec.budgetingMethod must be Occurrences (event-based budget), got '"
                            + budgeting
                            + "'");
        }
        RatioIndicator indicator =
                indicator(
                        r,
                        r.mapping(r.required(spec, "indicator", "spec"), "spec.indicator"),
                        name);
        double objective =
                objective(r, r.sequence(r.required(spec, "objectives", "spec"), "spec.objectives"));
        Node windowNode = r.required(spec, "timeWindow", "spec");
        Duration window = timeWindow(r, r.sequence(windowNode, "spec.timeWindow"));

        Node ext = spec.get("x-phalanx");
        Mapping extension = ext == null ? null : r.mapping(ext, "spec.x-phalanx");
        AlertPolicy policy =
                extension == null ? AlertPolicy.workbookDefaults() : policy(r, extension);
        ServiceImpact impact = ServiceImpact.none();
        if (extension != null && extension.get("impact") != null) {
            impact = impact(r, r.mapping(extension.get("impact"), "spec.x-phalanx.impact"));
        }
        try {
            return new SloDefinition(
                    name, service, description, indicator, objective, window, policy, impact);
        } catch (IllegalArgumentException e) {
            throw r.error(extension != null ? extension : windowNode, e.getMessage());
        }
    }

    private static RatioIndicator indicator(LocatedYaml.Reader r, Mapping ind, String sloName)
            throws ConfigFileException {
        r.onlyKeys(ind, "spec.indicator", Set.of("metadata", "spec"));
        String name = sloName;
        if (ind.get("metadata") != null) {
            Mapping md = r.mapping(ind.get("metadata"), "spec.indicator.metadata");
            name = r.optionalText(md, "name", "spec.indicator.metadata", sloName);
        }
        Mapping spec = r.mapping(r.required(ind, "spec", "spec.indicator"), "spec.indicator.spec");
        if (spec.get("thresholdMetric") != null) {
            throw r.error(
                    spec.get("thresholdMetric"),
                    "thresholdMetric is not supported: express the SLI as a ratioMetric of good and total events");
        }
        r.onlyKeys(spec, "spec.indicator.spec", Set.of("description", "ratioMetric"));
        String path = "spec.indicator.spec.ratioMetric";
        Mapping ratio = r.mapping(r.required(spec, "ratioMetric", "spec.indicator.spec"), path);
        if (ratio.get("bad") != null) {
            throw r.error(
                    ratio.get("bad"), path + ".bad is not supported: count good events instead");
        }
        r.onlyKeys(ratio, path, Set.of("counter", "good", "total"));
        if (ratio.get("counter") != null && !r.bool(ratio, "counter", path)) {
            throw r.error(
                    ratio.get("counter"),
                    path + ".counter must be true: good and total are event counts");
        }
        return new RatioIndicator(
                name,
                source(
                        r,
                        r.mapping(r.required(ratio, "good", path), path + ".good"),
                        path + ".good"),
                source(
                        r,
                        r.mapping(r.required(ratio, "total", path), path + ".total"),
                        path + ".total"));
    }

    private static MetricSource source(LocatedYaml.Reader r, Mapping m, String path)
            throws ConfigFileException {
        r.onlyKeys(m, path, Set.of("metricSource"));
        String msPath = path + ".metricSource";
        Mapping ms = r.mapping(r.required(m, "metricSource", path), msPath);
        r.onlyKeys(ms, msPath, Set.of("metricSourceRef", "type", "spec"));
        String type = r.text(ms, "type", msPath);
        Mapping spec = r.mapping(r.required(ms, "spec", msPath), msPath + ".spec");
        return new MetricSource(type, r.text(spec, "query", msPath + ".spec"));
    }

    private static double objective(LocatedYaml.Reader r, Sequence objectives)
            throws ConfigFileException {
        if (objectives.items().size() != 1) {
            throw r.error(
                    objectives,
                    "spec.objectives must have exactly one entry, got "
                            + objectives.items().size());
        }
        String path = "spec.objectives[0]";
        Mapping o = r.mapping(objectives.items().get(0), path);
        r.onlyKeys(o, path, Set.of("displayName", "target"));
        double target = r.number(o, "target", path);
        if (!(target > 0 && target < 1)) {
            throw r.error(
                    o.get("target"),
                    path
                            + ".target must be a ratio strictly between 0 and 1 (0.999 for 99.9 %), got "
                            + target);
        }
        return target;
    }

    private static Duration timeWindow(LocatedYaml.Reader r, Sequence windows)
            throws ConfigFileException {
        if (windows.items().size() != 1) {
            throw r.error(
                    windows,
                    "spec.timeWindow must have exactly one entry, got " + windows.items().size());
        }
        String path = "spec.timeWindow[0]";
        Mapping w = r.mapping(windows.items().get(0), path);
        r.onlyKeys(w, path, Set.of("duration", "isRolling", "calendar"));
        if (w.get("calendar") != null || !r.bool(w, "isRolling", path)) {
            throw r.error(
                    w,
                    path
                            + " must be rolling (isRolling: true); calendar-aligned windows are not supported");
        }
        return duration(r, w, "duration", path);
    }

    private static AlertPolicy policy(LocatedYaml.Reader r, Mapping ext)
            throws ConfigFileException {
        String path = "spec.x-phalanx";
        r.onlyKeys(
                ext,
                path,
                Set.of("bucket", "minimumEvents", "projectionWindow", "burnRateAlerts", "impact"));
        AlertPolicy defaults = AlertPolicy.workbookDefaults();
        Duration bucket =
                ext.get("bucket") == null ? defaults.bucket() : duration(r, ext, "bucket", path);
        long minimumEvents = defaults.minimumEvents();
        if (ext.get("minimumEvents") != null) {
            double d = r.number(ext, "minimumEvents", path);
            if (d < 1 || d != Math.rint(d)) {
                throw r.error(
                        ext.get("minimumEvents"),
                        path
                                + ".minimumEvents must be a whole number >= 1, got "
                                + r.text(ext, "minimumEvents", path));
            }
            minimumEvents = (long) d;
        }
        Duration projection =
                ext.get("projectionWindow") == null
                        ? defaults.projectionWindow()
                        : duration(r, ext, "projectionWindow", path);
        List<BurnRateAlertRule> rules = defaults.rules();
        if (ext.get("burnRateAlerts") != null) {
            Sequence seq = r.sequence(ext.get("burnRateAlerts"), path + ".burnRateAlerts");
            if (seq.items().isEmpty()) {
                throw r.error(
                        seq,
                        path
                                + ".burnRateAlerts must not be empty (omit it for the Workbook defaults)");
            }
            rules = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < seq.items().size(); i++) {
                BurnRateAlertRule rule =
                        rule(r, seq.items().get(i), path + ".burnRateAlerts[" + i + "]");
                if (!names.add(rule.name())) {
                    throw r.error(seq.items().get(i), "duplicate alert name '" + rule.name() + "'");
                }
                rules.add(rule);
            }
        }
        try {
            return new AlertPolicy(bucket, minimumEvents, rules, projection);
        } catch (IllegalArgumentException e) {
            throw r.error(ext, path + ": " + e.getMessage());
        }
    }

    private static BurnRateAlertRule rule(LocatedYaml.Reader r, Node node, String path)
            throws ConfigFileException {
        Mapping m = r.mapping(node, path);
        r.onlyKeys(m, path, Set.of("name", "severity", "longWindow", "shortWindow", "burnRate"));
        String severity = r.text(m, "severity", path);
        BurnRateAlertRule.Severity sev;
        try {
            sev = BurnRateAlertRule.Severity.valueOf(severity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.error(
                    m.get("severity"),
                    path + ".severity must be page or ticket, got '" + severity + "'");
        }
        try {
            return new BurnRateAlertRule(
                    r.text(m, "name", path),
                    sev,
                    duration(r, m, "longWindow", path),
                    duration(r, m, "shortWindow", path),
                    r.number(m, "burnRate", path));
        } catch (IllegalArgumentException e) {
            throw r.error(m, path + ": " + e.getMessage());
        }
    }

    private static ServiceImpact impact(LocatedYaml.Reader r, Mapping m)
            throws ConfigFileException {
        String path = "spec.x-phalanx.impact";
        r.onlyKeys(m, path, Set.of("revenuePerMinute", "customerTier", "usersAffected"));
        try {
            return new ServiceImpact(
                    m.get("revenuePerMinute") == null ? 0 : r.number(m, "revenuePerMinute", path),
                    r.text(m, "customerTier", path),
                    m.get("usersAffected") == null ? 0 : (long) r.number(m, "usersAffected", path));
        } catch (IllegalArgumentException e) {
            throw r.error(m, path + ": " + e.getMessage());
        }
    }

    private static Duration duration(LocatedYaml.Reader r, Mapping m, String key, String path)
            throws ConfigFileException {
        String s = r.text(m, key, path);
        Matcher matcher = DURATION.matcher(s);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw r.error(
                    m.get(key),
                    path
                            + "."
                            + key
                            + " must be a positive duration like 5m, 1h, 28d or 2w, got '"
                            + s
                            + "'");
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Formats a duration the way SLO files write it ({@code 5m}, {@code 6h}, {@code 28d}). */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
