package io.phalanx.jobs.slo;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.slo.PrioritizationRules;
import io.phalanx.core.slo.SloDefinition;
import io.phalanx.core.slo.SloFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SLO files and the prioritisation rules a job runs with, validated once when the job is built
 * (at start) and shipped to the operators as their text: the core's definitions are plain records,
 * not {@link Serializable}, so each operator re-parses the already validated text in {@code open}.
 *
 * <p>Validation goes beyond each file's own: SLO names are unique across files, every good/total
 * query is one Phalanx can evaluate ({@link SliSource}), and every declared customer tier is in the
 * rules. Each failure is a {@link ConfigFileException} with the file, the line and the reason.
 */
public final class SloCatalog implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Built-in rules, a copy of docs/examples/prioritization-rules.yaml. */
    static final String DEFAULT_RULES_RESOURCE = "io/phalanx/jobs/slo/prioritization-rules.yaml";

    /** One SLO file's name (as given) and text. */
    public record SloFile(String name, String yaml) implements Serializable {}

    private final ArrayList<SloFile> files;
    private final String rulesName;
    private final String rulesYaml;
    private transient List<SloDefinition> slos;
    private transient PrioritizationRules rules;

    private SloCatalog(List<SloFile> files, String rulesName, String rulesYaml) {
        this.files = new ArrayList<>(files);
        this.rulesName = rulesName;
        this.rulesYaml = rulesYaml;
    }

    /** No SLOs: the pipeline is not built. */
    public static SloCatalog empty() {
        return new SloCatalog(List.of(), "built-in", defaultRulesYaml());
    }

    /** Reads and validates SLO files and a rules file (null: the built-in rules). */
    public static SloCatalog load(List<Path> sloFiles, Path rulesFile) throws ConfigFileException {
        List<SloFile> files = new ArrayList<>();
        for (Path p : sloFiles) {
            files.add(new SloFile(p.toString(), read(p)));
        }
        return rulesFile == null
                ? of(files, "built-in prioritization rules", defaultRulesYaml())
                : of(files, rulesFile.toString(), read(rulesFile));
    }

    /** Validates SLO files and rules given as text. */
    public static SloCatalog of(List<SloFile> files, String rulesName, String rulesYaml)
            throws ConfigFileException {
        SloCatalog c = new SloCatalog(files, rulesName, rulesYaml);
        c.validate();
        return c;
    }

    private void validate() throws ConfigFileException {
        rules = PrioritizationRules.parse(rulesYaml, rulesName);
        List<SloDefinition> all = new ArrayList<>();
        Map<String, String> seenIn = new HashMap<>();
        for (SloFile f : files) {
            for (SloDefinition slo : SloFileParser.parse(f.yaml(), f.name())) {
                String first = seenIn.putIfAbsent(slo.name(), f.name());
                if (first != null) {
                    throw new ConfigFileException(
                            f.name(),
                            lineOf(f.yaml(), "name: " + slo.name()),
                            "SLO '" + slo.name() + "' is already defined in " + first);
                }
                try {
                    SliSource.of(slo);
                } catch (IllegalArgumentException e) {
                    throw new ConfigFileException(
                            f.name(),
                            badQueryLine(f.yaml(), slo, e.getMessage()),
                            slo.name() + ": " + e.getMessage());
                }
                if (!rules.customerTiers().containsKey(slo.impact().customerTier())) {
                    throw new ConfigFileException(
                            f.name(),
                            Math.max(
                                    lineOf(
                                            f.yaml(),
                                            "customerTier: " + slo.impact().customerTier()),
                                    lineOf(f.yaml(), "name: " + slo.name())),
                            slo.name()
                                    + ": customer tier '"
                                    + slo.impact().customerTier()
                                    + "' is not in "
                                    + rulesName
                                    + " (known: "
                                    + rules.customerTiers().keySet()
                                    + ")");
                }
                all.add(slo);
            }
        }
        slos = List.copyOf(all);
    }

    public List<SloDefinition> slos() {
        ensureParsed();
        return slos;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public SloDefinition slo(String name) {
        for (SloDefinition d : slos()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no SLO " + name);
    }

    public PrioritizationRules rules() {
        ensureParsed();
        return rules;
    }

    public List<SliSource> sliSources() {
        List<SliSource> out = new ArrayList<>();
        for (SloDefinition d : slos()) {
            out.add(SliSource.of(d));
        }
        return out;
    }

    private void ensureParsed() {
        if (slos == null) {
            try {
                validate();
            } catch (ConfigFileException e) {
                throw new IllegalStateException("validated at start, cannot fail now", e);
            }
        }
    }

    private static int badQueryLine(String yaml, SloDefinition slo, String message) {
        for (String q : List.of(slo.indicator().good().query(), slo.indicator().total().query())) {
            if (message.startsWith("'" + q + "'")) {
                int line = lineOf(yaml, q);
                if (line > 0) {
                    return line;
                }
            }
        }
        return lineOf(yaml, "name: " + slo.name());
    }

    /** First 1-based line containing {@code needle}; 0 when none does. */
    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String read(Path p) throws ConfigFileException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigFileException(p.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    public static String defaultRulesYaml() {
        try (InputStream in =
                SloCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RULES_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
