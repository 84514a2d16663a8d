package io.phalanx.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.core.report.ReplayReport.Incident;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The optional LLM layer against a local OpenAI-compatible stub (the JDK's HttpServer): the request
 * carries the model, the prompts and the key; the answer replaces the narrative; every failure
 * falls back to the deterministic text.
 */
class LlmNarratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DETERMINISTIC = "Added latency between hop2 and hop3 began at ...";

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer;
    private volatile long delayMs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/v1/chat/completions",
                ex -> {
                    requests.add(JSON.readTree(ex.getRequestBody()));
                    authorizations.add(
                            String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(status, body.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(body);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private LlmNarrator narrator(Duration timeout) {
        return new LlmNarrator(
                new LlmNarrator.Config(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/",
                        "test-model",
                        "secret",
                        timeout));
    }

    private static Incident incident() {
        Incident i = new Incident();
        i.id = "INC-1";
        i.title = "Added latency between hop2 and hop3";
        i.narrative = DETERMINISTIC;
        return i;
    }

    private static String completion(String content) throws IOException {
        return JSON.writeValueAsString(
                Map.of(
                        "choices",
                        List.of(
                                Map.of(
                                        "message",
                                        Map.of("role", "assistant", "content", content)))));
    }

    @Test
    void theAnswerReplacesTheNarrative() throws Exception {
        answer = completion("  hop2 to hop3 adds 40 ms since deploy v42.  ");
        assertThat(narrator(Duration.ofSeconds(5)).narrate(incident()))
                .isEqualTo("hop2 to hop3 adds 40 ms since deploy v42.");
        JsonNode req = requests.get(0);
        assertThat(req.get("model").asText()).isEqualTo("test-model");
        assertThat(req.get("temperature").asInt()).isZero();
        assertThat(req.get("messages").get(0).get("content").asText())
                .isEqualTo(LlmNarrator.SYSTEM_PROMPT);
        assertThat(req.get("messages").get(1).get("content").asText())
                .startsWith("Incident JSON:")
                .contains(DETERMINISTIC);
        assertThat(authorizations).containsExactly("Bearer secret");
    }

    @Test
    void everyFailureFallsBackToTheDeterministicText() throws Exception {
        answer = "{\"error\":\"overloaded\"}";
        status = 503;
        assertThat(narrator(Duration.ofSeconds(5)).narrate(incident())).isEqualTo(DETERMINISTIC);
        status = 200;
        answer = "not json";
        assertThat(narrator(Duration.ofSeconds(5)).narrate(incident())).isEqualTo(DETERMINISTIC);
        answer = completion("");
        assertThat(narrator(Duration.ofSeconds(5)).narrate(incident())).isEqualTo(DETERMINISTIC);
        answer = completion("late");
        delayMs = 1500;
        assertThat(narrator(Duration.ofMillis(300)).narrate(incident())).isEqualTo(DETERMINISTIC);
        server.stop(0);
        assertThat(narrator(Duration.ofSeconds(1)).narrate(incident())).isEqualTo(DETERMINISTIC);
    }

    @Test
    void offUnlessAUrlIsConfigured() {
        assertThat(LlmNarrator.Config.fromEnvironment(Map.of())).isNull();
        LlmNarrator.Config c =
                LlmNarrator.Config.fromEnvironment(Map.of("PHALANX_LLM_URL", "http://x/v1"));
        assertThat(c.model()).isEqualTo("gpt-4o-mini");
        assertThat(c.apiKey()).isNull();
    }
}
