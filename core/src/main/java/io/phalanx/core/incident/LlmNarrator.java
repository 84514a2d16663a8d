package io.phalanx.core.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.report.ReplayReport.Incident;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Optional LLM layer over the deterministic narrative: asks an OpenAI-compatible chat-completions
 * endpoint ({@code POST <baseUrl>/chat/completions}) to rewrite the incident for an on-call
 * engineer, given only the incident's own JSON (hypotheses, evidence, innocence), and asks it not
 * to add facts. Off unless configured; never required: any failure (no answer within the timeout, a
 * non-2xx status, an empty or malformed answer) returns the deterministic text unchanged.
 */
public final class LlmNarrator {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SYSTEM_PROMPT =
            "You write incident summaries for on-call engineers. Rewrite the given narrative in at"
                    + " most four plain sentences. Use only facts present in the incident JSON;"
                    + " keep every figure, entity and version exactly as given.";

    /**
     * @param baseUrl e.g. {@code http://localhost:8000/v1}
     * @param apiKey sent as a bearer token when not null
     */
    public record Config(String baseUrl, String model, String apiKey, Duration timeout)
            implements java.io.Serializable {
        public Config {
            if (baseUrl == null || baseUrl.isBlank() || model == null || model.isBlank()) {
                throw new IllegalArgumentException("the LLM needs a base URL and a model");
            }
            if (timeout == null) {
                timeout = Duration.ofSeconds(20);
            }
        }

        /**
         * From {@code PHALANX_LLM_URL}, {@code PHALANX_LLM_MODEL} (default {@code gpt-4o-mini}) and
         * {@code PHALANX_LLM_API_KEY}; null (the layer is off) without a URL.
         */
        public static Config fromEnvironment(Map<String, String> env) {
            String url = env.get("PHALANX_LLM_URL");
            if (url == null || url.isBlank()) {
                return null;
            }
            return new Config(
                    url,
                    env.getOrDefault("PHALANX_LLM_MODEL", "gpt-4o-mini"),
                    env.get("PHALANX_LLM_API_KEY"),
                    Duration.ofSeconds(20));
        }
    }

    private final Config config;
    private final HttpClient http;

    public LlmNarrator(Config config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** The LLM's narrative, or {@code incident.narrative} when the LLM does not give one. */
    public String narrate(Incident incident) {
        try {
            ObjectNode body = JSON.createObjectNode();
            body.put("model", config.model());
            body.put("temperature", 0);
            ArrayNode messages = body.putArray("messages");
            messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
            messages.addObject()
                    .put("role", "user")
                    .put("content", "Incident JSON:\n" + JSON.writeValueAsString(incident));
            String base =
                    config.baseUrl().endsWith("/")
                            ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                            : config.baseUrl();
            HttpRequest.Builder req =
                    HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                            .timeout(config.timeout())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (config.apiKey() != null && !config.apiKey().isBlank()) {
                req.header("Authorization", "Bearer " + config.apiKey());
            }
            HttpResponse<String> resp =
                    http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                return incident.narrative;
            }
            JsonNode content =
                    JSON.readTree(resp.body())
                            .path("choices")
                            .path(0)
                            .path("message")
                            .path("content");
            String text = content.isTextual() ? content.asText().strip() : "";
            return text.isEmpty() ? incident.narrative : text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return incident.narrative;
        } catch (Exception e) {
            return incident.narrative;
        }
    }
}
