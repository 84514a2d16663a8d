package io.phalanx.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.phalanx.core.config.ConfigFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The trust policy of remediation governance: who votes with which weight, what approves a plan,
 * who can veto, where a ballot is needed at all and where actions may run live.
 *
 * <p>Loaded from JSON and validated against {@code phalanx/trust-policy.schema.json} plus the
 * checks a schema cannot express (unique voter ids, a reachable quorum). An invalid policy is
 * refused at load with a {@link ConfigFileException} whose reason names the field ({@code
 * $.voters[1].weight: ...}); there is no partially loaded policy.
 *
 * @param version recorded with every decision taken under this policy
 * @param approvalThresholdMilli approving share needed, in thousandths (600 = 60 %)
 * @param quorumMilli minimum participating weight, in thousandths of a weight unit
 * @param voters by id, in file order
 * @param environments by name
 */
public record TrustPolicy(
        String version,
        long approvalThresholdMilli,
        long quorumMilli,
        Map<String, Voter> voters,
        Map<String, EnvironmentPolicy> environments,
        Duration ballotTimeout,
        Duration actionTimeout) {

    /** Where the schema lives on the classpath. */
    public static final String SCHEMA_RESOURCE = "/phalanx/trust-policy.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = loadSchema();

    /** A voter: an automated agent or a human, its weight in thousandths, and whether it vetoes. */
    public record Voter(String id, VoterKind kind, long weightMilli, boolean vetoHolder) {}

    /** Automated agent or human on call. */
    public enum VoterKind {
        AGENT,
        HUMAN
    }

    /**
     * @param governance whether a plan needs an approved ballot; off = the advisor's plan runs
     *     directly (still recorded in the case history)
     * @param liveActions whether actions may run for real here (else dry-run)
     */
    public record EnvironmentPolicy(boolean governance, boolean liveActions) {}

    public TrustPolicy {
        voters = Collections.unmodifiableMap(new LinkedHashMap<>(voters));
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    /** Reads and validates a policy file. */
    public static TrustPolicy load(Path file) throws ConfigFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Validates {@code json} (named {@code source} in errors) and builds the policy. */
    public static TrustPolicy parse(String json, String source) throws ConfigFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            int line = 0;
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    && jpe.getLocation() != null) {
                line = jpe.getLocation().getLineNr();
            }
            throw new ConfigFileException(source, line, "not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigFileException(source, 0, "empty policy");
        }
        List<ValidationMessage> errors =
                SCHEMA.validate(root).stream()
                        .sorted(Comparator.comparing(ValidationMessage::getMessage))
                        .toList();
        if (!errors.isEmpty()) {
            throw new ConfigFileException(
                    source,
                    0,
                    "violates trust-policy.schema.json: "
                            + errors.stream()
                                    .map(ValidationMessage::getMessage)
                                    .collect(Collectors.joining("; ")));
        }

        Map<String, Voter> voters = new LinkedHashMap<>();
        JsonNode votersNode = root.get("voters");
        long totalWeight = 0;
        for (int i = 0; i < votersNode.size(); i++) {
            JsonNode v = votersNode.get(i);
            String id = v.get("id").asText();
            long weight = milli(v.get("weight"));
            Voter voter =
                    new Voter(
                            id,
                            VoterKind.valueOf(
                                    v.get("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                            weight,
                            v.path("veto").asBoolean(false));
            if (voters.putIfAbsent(id, voter) != null) {
                throw new ConfigFileException(
                        source, 0, "$.voters[" + i + "].id: voter '" + id + "' is listed twice");
            }
            totalWeight += weight;
        }
        long quorum = milli(root.get("quorum"));
        if (quorum > totalWeight) {
            throw new ConfigFileException(
                    source,
                    0,
                    "$.quorum: "
                            + root.get("quorum").asText()
                            + " can never be met, the voters weigh "
                            + BigDecimal.valueOf(totalWeight, 3)
                                    .stripTrailingZeros()
                                    .toPlainString()
                            + " in all");
        }
        Map<String, EnvironmentPolicy> envs = new LinkedHashMap<>();
        root.get("environments")
                .fields()
                .forEachRemaining(
                        e ->
                                envs.put(
                                        e.getKey(),
                                        new EnvironmentPolicy(
                                                e.getValue().get("governance").asBoolean(),
                                                e.getValue()
                                                        .path("liveActions")
                                                        .asBoolean(false))));
        JsonNode timeouts = root.get("timeouts");
        return new TrustPolicy(
                root.get("version").asText(),
                milli(root.get("approvalThreshold")),
                quorum,
                voters,
                envs,
                Duration.parse(timeouts.get("ballot").asText()),
                Duration.parse(timeouts.get("action").asText()));
    }

    public Optional<Voter> voter(String id) {
        return Optional.ofNullable(voters.get(id));
    }

    /**
     * The policy of {@code environment}. An environment the policy does not name is governed and
     * never live: the safe default.
     */
    public EnvironmentPolicy environment(String environment) {
        return environments.getOrDefault(environment, new EnvironmentPolicy(true, false));
    }

    /** The voters of one kind, in file order. */
    public List<Voter> voters(VoterKind kind) {
        return voters.values().stream().filter(v -> v.kind() == kind).toList();
    }

    /** Formats thousandths as a decimal weight ("2.5"). */
    public static String formatWeight(long milli) {
        return BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }

    private static long milli(JsonNode number) {
        // The schema's multipleOf 0.001 guarantees an exact conversion.
        return number.decimalValue().movePointRight(3).longValueExact();
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = TrustPolicy.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
