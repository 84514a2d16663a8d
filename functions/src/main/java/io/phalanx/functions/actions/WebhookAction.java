package io.phalanx.functions.actions;

import io.phalanx.core.governance.ActionSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * An HTTP call to an SDN controller, NSO or a BGP automation endpoint: {@code params.method}
 * (default POST) with {@code params.body} as JSON, and the idempotency key in the {@code
 * Idempotency-Key} header. 2xx succeeds.
 */
public final class WebhookAction implements RemediationAction {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public ActionSpec.ActionType type() {
        return ActionSpec.ActionType.WEBHOOK;
    }

    private static String method(ActionSpec spec) {
        return spec.params().getOrDefault("method", "POST");
    }

    @Override
    public String describe(ActionSpec spec, String key) {
        return method(spec)
                + " "
                + spec.target()
                + " Idempotency-Key: "
                + key
                + " "
                + spec.params().getOrDefault("body", "");
    }

    @Override
    public Result run(ActionSpec spec, String key, Duration timeout) throws InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(spec.target()))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .method(
                                method(spec),
                                HttpRequest.BodyPublishers.ofString(
                                        spec.params().getOrDefault("body", "")))
                        .build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = r.statusCode() / 100 == 2;
            return new Result(
                    ok ? ActionOutcome.Status.SUCCEEDED : ActionOutcome.Status.FAILED,
                    r.statusCode(),
                    ActionOutcome.tail(r.body()));
        } catch (HttpTimeoutException e) {
            return new Result(ActionOutcome.Status.TIMED_OUT, -1, "no answer within " + timeout);
        } catch (IOException e) {
            return new Result(ActionOutcome.Status.FAILED, -1, e.toString());
        }
    }
}
