package io.phalanx.connectors.alerting;

import io.phalanx.core.alerting.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a JSON body to one target, retrying per the {@link RetryPolicy}: 2xx delivers; 429, 5xx,
 * I/O errors and timeouts are retried after the backoff (a longer {@code Retry-After} wins); any
 * other status fails at once. Blocking: the dispatcher delivers in order, one request at a time.
 */
public final class HttpAlertSender {

    /** How a delivery ended. */
    public record Outcome(boolean delivered, int attempts, String reason) {}

    private final String name;
    private final URI url;
    private final Map<String, String> headers;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;

    public HttpAlertSender(
            String name,
            URI url,
            Map<String, String> headers,
            HttpClient client,
            Duration requestTimeout,
            RetryPolicy policy,
            Sleeper sleeper,
            Clock clock) {
        this.name = name;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** A client with a connect timeout, for production use. */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    public String name() {
        return name;
    }

    public Outcome send(String json) throws InterruptedException {
        String reason = "not attempted";
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            Optional<String> retryAfter = Optional.empty();
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(url)
                            .timeout(requestTimeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json));
            headers.forEach(request::header);
            try {
                HttpResponse<String> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (RetryPolicy.success(status)) {
                    return new Outcome(true, attempt, "HTTP " + status);
                }
                reason = "HTTP " + status + ": " + abbreviate(response.body());
                if (!RetryPolicy.retryable(status)) {
                    return new Outcome(false, attempt, reason);
                }
                retryAfter = response.headers().firstValue("Retry-After");
            } catch (IOException e) {
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt < policy.maxAttempts()) {
                sleeper.sleep(policy.backoff(attempt, retryAfter, clock.instant()));
            }
        }
        return new Outcome(false, policy.maxAttempts(), reason);
    }

    private static String abbreviate(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "...";
    }
}
