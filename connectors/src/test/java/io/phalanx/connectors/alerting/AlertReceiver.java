package io.phalanx.connectors.alerting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A local HTTP target that records every body and answers from a script (then 202). */
final class AlertReceiver implements AutoCloseable {
    record Reply(int status, String retryAfter) {}

    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();

    AlertReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    Reply reply;
                    synchronized (this) {
                        bodies.add(body);
                        reply = script.isEmpty() ? new Reply(202, null) : script.poll();
                    }
                    if (reply.retryAfter() != null) {
                        exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
                    }
                    byte[] answer = ("{\"status\":" + reply.status() + "}").getBytes();
                    exchange.sendResponseHeaders(reply.status(), answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        server.start();
    }

    synchronized AlertReceiver then(int status, String retryAfter) {
        script.add(new Reply(status, retryAfter));
        return this;
    }

    synchronized AlertReceiver then(int status) {
        return then(status, null);
    }

    synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
