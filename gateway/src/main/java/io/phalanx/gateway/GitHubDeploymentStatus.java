package io.phalanx.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.events.DeployEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Maps GitHub's {@code deployment_status} webhook event to a {@link DeployEvent}: the CI/CD shape
 * of {@code POST /v1/deploys}. A deploy is recorded when its status turns {@code success}; the
 * other states (queued, pending, in_progress, failure, error, inactive) are acknowledged and
 * ignored, since nothing went live.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>DeployEvent</th><th>from the payload</th></tr>
 *   <tr><td>service</td><td>{@code deployment.payload.service} when the workflow sets it, else
 *       {@code repository.name}</td></tr>
 *   <tr><td>version</td><td>{@code deployment.ref} and the first 12 hex digits of {@code
 *       deployment.sha} as {@code ref@sha12} ({@code sha12} alone when ref is the sha)</td></tr>
 *   <tr><td>previousVersion</td><td>{@code deployment.payload.previous_version} when set, else
 *       null (GitHub does not say)</td></tr>
 *   <tr><td>actor</td><td>{@code deployment_status.creator.login}, else {@code
 *       deployment.creator.login}, else {@code sender.login}</td></tr>
 *   <tr><td>ts</td><td>{@code deployment_status.updated_at}, else {@code created_at}</td></tr>
 * </table>
 *
 * The environment ({@code deployment_status.environment}, else {@code deployment.environment}) is
 * matched against the gateway's environment filter: deploys to other environments (staging,
 * preview) are ignored. An empty filter accepts every environment.
 */
public final class GitHubDeploymentStatus {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Either a deploy to record or the reason the event is acknowledged without one. */
    public record Outcome(DeployEvent deploy, String ignoredBecause) {}

    private GitHubDeploymentStatus() {}

    /**
     * Whether {@code body} looks like a deployment_status event (for senders without the header).
     */
    static boolean looksLikeOne(JsonNode body) {
        return body.path("deployment_status").isObject() && body.path("deployment").isObject();
    }

    public static Outcome map(String json, Set<String> environments)
            throws InvalidPayloadException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw InvalidPayloadException.whole("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw InvalidPayloadException.whole("a deployment_status event is a JSON object");
        }
        return map(root, environments);
    }

    static Outcome map(JsonNode root, Set<String> environments) throws InvalidPayloadException {
        JsonNode status = root.path("deployment_status");
        JsonNode deployment = root.path("deployment");
        if (!status.isObject() || !deployment.isObject()) {
            throw InvalidPayloadException.whole(
                    "not a deployment_status event: needs the 'deployment_status' and"
                            + " 'deployment' objects");
        }
        String state = required(status, "state", "deployment_status.state");
        String environment = text(status, "environment");
        if (environment == null) {
            environment = text(deployment, "environment");
        }
        if (!state.equals("success")) {
            return new Outcome(
                    null, "state is '" + state + "': only 'success' deploys are recorded");
        }
        if (!environments.isEmpty()
                && (environment == null || !environments.contains(environment))) {
            return new Outcome(
                    null,
                    "environment '"
                            + environment
                            + "' is not among the recorded environments "
                            + new java.util.TreeSet<>(environments));
        }
        JsonNode payload = deployment.path("payload");
        String service = payload.isObject() ? text(payload, "service") : null;
        if (service == null) {
            service = text(root.path("repository"), "name");
        }
        if (service == null) {
            throw InvalidPayloadException.whole(
                    "no service: neither deployment.payload.service nor repository.name is set");
        }
        String sha = required(deployment, "sha", "deployment.sha");
        if (!sha.matches("[0-9a-fA-F]{7,64}")) {
            throw InvalidPayloadException.whole("deployment.sha '" + sha + "' is not a commit sha");
        }
        String sha12 = sha.substring(0, Math.min(12, sha.length())).toLowerCase();
        String ref = text(deployment, "ref");
        String version = ref == null || ref.equalsIgnoreCase(sha) ? sha12 : ref + "@" + sha12;
        String previous = payload.isObject() ? text(payload, "previous_version") : null;
        String actor = text(status.path("creator"), "login");
        if (actor == null) {
            actor = text(deployment.path("creator"), "login");
        }
        if (actor == null) {
            actor = text(root.path("sender"), "login");
        }
        String when = text(status, "updated_at");
        if (when == null) {
            when = required(status, "created_at", "deployment_status.created_at");
        }
        long ts;
        try {
            ts = Instant.parse(when).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw InvalidPayloadException.whole(
                    "deployment_status time '" + when + "' is not an ISO-8601 instant");
        }
        return new Outcome(new DeployEvent(ts, service, version, previous, actor), null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.path(field);
        return f.isTextual() && !f.asText().isBlank() ? f.asText() : null;
    }

    private static String required(JsonNode n, String field, String path)
            throws InvalidPayloadException {
        String s = text(n, field);
        if (s == null) {
            throw InvalidPayloadException.whole("'" + path + "' is required");
        }
        return s;
    }
}
