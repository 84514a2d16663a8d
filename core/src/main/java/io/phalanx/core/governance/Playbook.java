package io.phalanx.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.diagnosis.Cause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The remediation playbook: rules from an incident's cause and its service's criticality (and
 * whether it followed a deploy) to a plan. The first matching rule wins; an incident no rule
 * matches gets no plan. Example ({@code functions/conf/playbook.yaml} has the full one):
 *
 * <pre>{@code
 * version: 1
 * rules:
 *   - name: failover-backup-path
 *     when: {causes: [ASYMMETRIC_ROUTING], criticality: [critical]}
 *     plan:
 *       category: failover
 *       summary: Fail ${service} over to the backup path
 *       expectedEffect: both directions on the backup path; p99 back under the SLO within 5 min
 *       risk: medium
 *       actions:
 *         - {type: webhook, name: sdn-failover, target: "http://sdn/paths/${service}/failover",
 *            params: {method: POST, body: '{"path":"backup"}'}}
 * }</pre>
 *
 * <p>Placeholders in summaries, targets and params: {@code ${incidentId}}, {@code ${service}},
 * {@code ${environment}}, {@code ${cause}}, {@code ${version}}, {@code ${previousVersion}}. A rule
 * that needs a deploy ({@code afterDeploy: true}) never matches an incident without one, so {@code
 * ${previousVersion}} of a rollback is always known. A bad file is refused at load with the rule's
 * position and field.
 */
public final class Playbook {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");
    private static final Set<String> KNOWN_PLACEHOLDERS =
            Set.of("incidentId", "service", "environment", "cause", "version", "previousVersion");

    /** One rule: a condition and a plan template. */
    public record Rule(
            String name,
            Set<Cause> causes,
            Set<String> criticality,
            Boolean afterDeploy,
            RemediationPlan.Category category,
            String summary,
            String expectedEffect,
            RemediationPlan.Risk risk,
            List<ActionSpec> actions) {

        boolean matches(IncidentSummary incident) {
            return causes.contains(incident.cause())
                    && (criticality.isEmpty()
                            || criticality.contains(
                                    incident.criticality().toLowerCase(Locale.ROOT)))
                    && (afterDeploy == null || afterDeploy == incident.afterDeploy());
        }
    }

    private final List<Rule> rules;

    private Playbook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public static Playbook load(Path file) throws ConfigFileException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    public static Playbook parse(String yaml, String source) throws ConfigFileException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigFileException(source, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigFileException(
                    source, 0, "expected a mapping with 'version' and 'rules'");
        }
        if (root.path("version").asInt(-1) != 1) {
            throw new ConfigFileException(source, 0, "version: must be 1");
        }
        JsonNode rulesNode = root.path("rules");
        if (!rulesNode.isArray() || rulesNode.isEmpty()) {
            throw new ConfigFileException(source, 0, "rules: expected a non-empty list");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            String at = "rules[" + i + "]";
            Rule rule = parseRule(rulesNode.get(i), at, source);
            if (!names.add(rule.name())) {
                throw new ConfigFileException(
                        source, 0, at + ".name: rule '" + rule.name() + "' is defined twice");
            }
            rules.add(rule);
        }
        return new Playbook(rules);
    }

    /** The plan of the first rule matching {@code incident}, placeholders filled in. */
    public Optional<RemediationPlan> planFor(IncidentSummary incident) {
        for (Rule r : rules) {
            if (r.matches(incident)) {
                Map<String, String> vars = new LinkedHashMap<>();
                vars.put("incidentId", incident.incidentId());
                vars.put("service", incident.service());
                vars.put("environment", incident.environment());
                vars.put("cause", incident.cause().name());
                vars.put("version", String.valueOf(incident.deployedVersion()));
                vars.put("previousVersion", String.valueOf(incident.previousVersion()));
                List<ActionSpec> actions = new ArrayList<>();
                for (ActionSpec a : r.actions()) {
                    Map<String, String> params = new LinkedHashMap<>();
                    a.params().forEach((k, v) -> params.put(k, fill(v, vars)));
                    actions.add(new ActionSpec(a.type(), a.name(), fill(a.target(), vars), params));
                }
                return Optional.of(
                        new RemediationPlan(
                                incident.incidentId() + "/" + r.name(),
                                incident.incidentId(),
                                r.name(),
                                r.category(),
                                incident.service(),
                                incident.environment(),
                                fill(r.summary(), vars),
                                fill(r.expectedEffect(), vars),
                                r.risk(),
                                actions));
            }
        }
        return Optional.empty();
    }

    private static Rule parseRule(JsonNode n, String at, String source) throws ConfigFileException {
        String name = text(n, "name", at, source);
        if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new ConfigFileException(
                    source,
                    0,
                    at + ".name: '" + name + "' must be lower-case letters, digits, '-'");
        }
        JsonNode when = n.path("when");
        if (!when.isObject()) {
            throw new ConfigFileException(source, 0, at + ".when: expected a mapping");
        }
        Set<Cause> causes = EnumSet.noneOf(Cause.class);
        JsonNode causesNode = when.path("causes");
        if (!causesNode.isArray() || causesNode.isEmpty()) {
            throw new ConfigFileException(
                    source, 0, at + ".when.causes: expected a non-empty list");
        }
        for (JsonNode c : causesNode) {
            try {
                causes.add(Cause.valueOf(c.asText()));
            } catch (IllegalArgumentException e) {
                throw new ConfigFileException(
                        source,
                        0,
                        at
                                + ".when.causes: unknown cause '"
                                + c.asText()
                                + "', expected one of "
                                + List.of(Cause.values()));
            }
        }
        Set<String> criticality = new HashSet<>();
        for (JsonNode c : when.path("criticality")) {
            criticality.add(c.asText().toLowerCase(Locale.ROOT));
        }
        Boolean afterDeploy = when.has("afterDeploy") ? when.get("afterDeploy").asBoolean() : null;
        JsonNode plan = n.path("plan");
        if (!plan.isObject()) {
            throw new ConfigFileException(source, 0, at + ".plan: expected a mapping");
        }
        String p = at + ".plan";
        RemediationPlan.Category category =
                enumValue(
                        RemediationPlan.Category.class,
                        text(plan, "category", p, source),
                        p + ".category",
                        source);
        RemediationPlan.Risk risk =
                enumValue(
                        RemediationPlan.Risk.class,
                        text(plan, "risk", p, source),
                        p + ".risk",
                        source);
        String summary = checked(text(plan, "summary", p, source), p + ".summary", source);
        String effect =
                checked(text(plan, "expectedEffect", p, source), p + ".expectedEffect", source);
        JsonNode actionsNode = plan.path("actions");
        if (!actionsNode.isArray() || actionsNode.isEmpty()) {
            throw new ConfigFileException(source, 0, p + ".actions: expected a non-empty list");
        }
        List<ActionSpec> actions = new ArrayList<>();
        Set<String> actionNames = new HashSet<>();
        for (int j = 0; j < actionsNode.size(); j++) {
            String a = p + ".actions[" + j + "]";
            JsonNode an = actionsNode.get(j);
            ActionSpec.ActionType type =
                    enumValue(
                            ActionSpec.ActionType.class,
                            text(an, "type", a, source),
                            a + ".type",
                            source);
            String actionName = text(an, "name", a, source);
            if (!actionNames.add(actionName)) {
                throw new ConfigFileException(
                        source, 0, a + ".name: '" + actionName + "' is used twice in the plan");
            }
            String target = checked(text(an, "target", a, source), a + ".target", source);
            Map<String, String> params = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = an.path("params").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(
                        e.getKey(),
                        checked(e.getValue().asText(), a + ".params." + e.getKey(), source));
            }
            if (type == ActionSpec.ActionType.WEBHOOK
                    && !target.startsWith("http://")
                    && !target.startsWith("https://")) {
                throw new ConfigFileException(
                        source,
                        0,
                        a + ".target: a webhook needs an http(s) URL, got '" + target + "'");
            }
            actions.add(new ActionSpec(type, actionName, target, params));
        }
        return new Rule(
                name, causes, criticality, afterDeploy, category, summary, effect, risk, actions);
    }

    private static String text(JsonNode n, String field, String at, String source)
            throws ConfigFileException {
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigFileException(source, 0, at + "." + field + ": required");
        }
        return v.asText();
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, String text, String at, String source) throws ConfigFileException {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(
                    source,
                    0,
                    at + ": '" + text + "' is not one of " + List.of(type.getEnumConstants()));
        }
    }

    private static String checked(String text, String at, String source)
            throws ConfigFileException {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!KNOWN_PLACEHOLDERS.contains(m.group(1))) {
                throw new ConfigFileException(
                        source,
                        0,
                        at
                                + ": unknown placeholder ${"
                                + m.group(1)
                                + "}, known: "
                                + KNOWN_PLACEHOLDERS);
            }
        }
        return text;
    }

    private static String fill(String template, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
