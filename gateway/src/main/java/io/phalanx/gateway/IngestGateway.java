package io.phalanx.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST ingest gateway: existing exporters, log shippers and CI/CD systems post their feeds here
 * and the gateway writes them to the feed topics of docs/TOPICS.md.
 *
 * <p>Each request is checked in this order, and the first failure answers it: the path (404), the
 * bearer token (401; before anything else is revealed), the method (405), the content type and
 * encoding (415), the size (413), then every record of the payload (400 naming the first bad
 * record's line or index and the reason). Only a payload that is valid throughout is written, in
 * one Kafka transaction ({@link KafkaBatchWriter}); if Kafka fails, the transaction is aborted and
 * the answer is 503. Either way a refused request leaves nothing behind for {@code read_committed}
 * consumers.
 *
 * <p>Endpoints: {@code POST /v1/metrics}, {@code /v1/logs}, {@code /v1/deploys}, {@code
 * /v1/topology}, {@code /v1/impact}; {@code GET /healthz} and {@code GET /metrics} (the gateway's
 * own counters) need no token.
 */
public final class IngestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Oversized bodies are read and dropped up to this many times the limit so the client sees 413.
     */
    private static final int DRAIN_FACTOR = 8;

    private final GatewayConfig config;
    private final BearerToken token;
    private final KafkaBatchWriter writer;
    private final IngestMetrics metrics = new IngestMetrics();
    private final HttpServer server;
    private final ExecutorService executor;

    private IngestGateway(GatewayConfig config, BearerToken token) throws IOException {
        this.config = config;
        this.token = token;
        this.writer =
                new KafkaBatchWriter(
                        config.bootstrapServers(),
                        config.transactionalIdPrefix(),
                        config.producers(),
                        config.topicPrefix());
        AtomicInteger n = new AtomicInteger();
        this.executor =
                Executors.newFixedThreadPool(
                        config.threads(),
                        r -> {
                            Thread t = new Thread(r, "ingest-http-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        try {
            this.server =
                    HttpServer.create(
                            new InetSocketAddress(config.bindAddress(), config.port()), 64);
        } catch (IOException e) {
            writer.close();
            executor.shutdownNow();
            throw new IOException(
                    "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a gateway with the token from {@code tokenFile}, or else $PHALANX_INGEST_TOKEN. */
    public static IngestGateway start(GatewayConfig config, Path tokenFile) throws IOException {
        return new IngestGateway(
                config, BearerToken.load(tokenFile, System.getenv(BearerToken.ENV)));
    }

    /** Starts a gateway that accepts {@code token} (at least 16 characters). */
    public static IngestGateway start(GatewayConfig config, String token) throws IOException {
        return new IngestGateway(config, new BearerToken(token));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}, the base of the endpoints. */
    public URI uri() {
        return URI.create("http://" + config.bindAddress() + ":" + port());
    }

    IngestMetrics metrics() {
        return metrics;
    }

    /** Stops accepting, lets running requests finish (up to 5 s), closes the producers. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    private void handle(HttpExchange ex) {
        try {
            route(ex);
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            try {
                respond(ex, 500, error("internal error", e.toString()));
            } catch (IOException ignored) {
                // the client is gone as well
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/healthz") || path.equals("/metrics")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                closeAfter(ex);
                respond(ex, 405, error("method not allowed", method + " " + path + ": use GET"));
                return;
            }
            if (path.equals("/healthz")) {
                ObjectNode ok = MAPPER.createObjectNode().put("status", "ok");
                respond(ex, 200, ok);
            } else {
                byte[] b = metrics.exposition().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                send(ex, 200, b);
            }
            return;
        }
        Feed feed = Feed.byPath(path);
        if (feed == null) {
            closeAfter(ex);
            respond(ex, 404, error("not found", "no endpoint " + path));
            return;
        }
        int code = ingest(ex, feed);
        metrics.request(feed.label(), code);
    }

    /** Answers one feed request; returns the status sent. */
    private int ingest(HttpExchange ex, Feed feed) throws IOException {
        String label = feed.label();
        Headers h = ex.getRequestHeaders();
        boolean bearer = token.matchesHeader(h.getFirst("Authorization"));
        String signature = h.getFirst("X-Hub-Signature-256");
        if (!bearer && !(feed == Feed.DEPLOYS && signature != null)) {
            return unauthorized(ex, label);
        }
        if (!ex.getRequestMethod().equals("POST")) {
            metrics.rejected(label, "method_not_allowed");
            ex.getResponseHeaders().set("Allow", "POST");
            closeAfter(ex);
            return respond(
                    ex,
                    405,
                    error(
                            "method not allowed",
                            ex.getRequestMethod() + " " + feed.path() + ": use POST"));
        }
        String encoding = h.getFirst("Content-Encoding");
        MediaType type = MediaType.of(h.getFirst("Content-Type"));
        boolean typeFits =
                type != null
                        && (type != MediaType.PROMETHEUS_TEXT || feed == Feed.METRICS)
                        && (type == MediaType.JSON || feed != Feed.TOPOLOGY);
        if (!typeFits || (encoding != null && !encoding.equalsIgnoreCase("identity"))) {
            metrics.rejected(label, "unsupported_media_type");
            closeAfter(ex);
            return respond(
                    ex,
                    415,
                    error(
                            "unsupported media type",
                            "Content-Type '"
                                    + h.getFirst("Content-Type")
                                    + (encoding == null ? "" : "', Content-Encoding '" + encoding)
                                    + "' is not read by "
                                    + feed.path()
                                    + "; send "
                                    + (feed == Feed.TOPOLOGY
                                            ? "application/json"
                                            : MediaType.SUPPORTED)
                                    + ", uncompressed, UTF-8"));
        }
        byte[] body = readLimited(ex);
        if (body == null) {
            metrics.rejected(label, "too_large");
            closeAfter(ex);
            return respond(
                    ex,
                    413,
                    error(
                            "payload too large",
                            "the body exceeds the limit of " + config.maxBodyBytes() + " bytes"));
        }
        if (!bearer && !token.matchesSignature(signature, body)) {
            return unauthorized(ex, label);
        }
        FeedPayloads.Parsed parsed;
        try {
            String text = utf8(body);
            long now = System.currentTimeMillis();
            parsed =
                    switch (feed) {
                        case METRICS ->
                                FeedPayloads.metrics(
                                        text, type, scrapeTime(ex.getRequestURI(), now));
                        case LOGS -> FeedPayloads.logs(text, type);
                        case DEPLOYS ->
                                FeedPayloads.deploys(
                                        text,
                                        type,
                                        h.getFirst("X-GitHub-Event"),
                                        config.deployEnvironments());
                        case TOPOLOGY -> FeedPayloads.topology(text, now);
                        case IMPACT -> FeedPayloads.impact(text, type);
                    };
        } catch (InvalidPayloadException e) {
            metrics.rejected(label, "invalid");
            ObjectNode err = error("invalid payload", e.reason());
            err.put("feed", label);
            if (e.positionKind() != null) {
                err.put(e.positionKind(), e.position());
            }
            err.put("written", 0);
            return respond(ex, 400, err);
        }
        try {
            writer.write(parsed.records());
        } catch (KafkaBatchWriter.WriteFailedException e) {
            LOG.warn(
                    "{}: {} records not written: {}",
                    feed.path(),
                    parsed.records().size(),
                    e.getMessage());
            metrics.rejected(label, "kafka");
            ObjectNode err = error("kafka unavailable", e.getMessage());
            err.put("written", 0);
            return respond(ex, 503, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return respond(ex, 503, error("shutting down", "the gateway is stopping"));
        }
        metrics.accepted(label, parsed.records().size());
        metrics.skipped(label, parsed.skipped());
        ObjectNode ok = MAPPER.createObjectNode();
        ok.put("accepted", parsed.records().size());
        ok.put("topic", config.topicPrefix() + feed.topic());
        if (parsed.skipped() > 0) {
            ok.put("skipped", parsed.skipped());
            ok.put("skippedBecause", "NaN and infinite values cannot be carried by the JSON feed");
        }
        if (parsed.ignored() != null) {
            ok.put("ignored", parsed.ignored());
        }
        return respond(ex, 200, ok);
    }

    private int unauthorized(HttpExchange ex, String label) throws IOException {
        metrics.rejected(label, "unauthorized");
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"phalanx-ingest\"");
        closeAfter(ex);
        return respond(
                ex,
                401,
                error("unauthorized", "send Authorization: Bearer <token> with the ingest token"));
    }

    /**
     * The body, or null when it is larger than the limit (then it has been drained, within reason).
     */
    private byte[] readLimited(HttpExchange ex) throws IOException {
        long limit = config.maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = ex.getRequestBody()) {
            if (declared != null) {
                try {
                    if (Long.parseLong(declared.strip()) > limit) {
                        drain(in, limit * DRAIN_FACTOR);
                        return null;
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            long total = 0;
            int r;
            while ((r = in.read(buf)) > 0) {
                total += r;
                if (total > limit) {
                    drain(in, limit * DRAIN_FACTOR);
                    return null;
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        }
    }

    private static void drain(InputStream in, long max) throws IOException {
        byte[] buf = new byte[16384];
        long n = 0;
        int r;
        while (n < max && (r = in.read(buf)) > 0) {
            n += r;
        }
    }

    private static String utf8(byte[] body) throws InvalidPayloadException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw InvalidPayloadException.whole("the body is not valid UTF-8");
        }
    }

    /** The {@code ts} query parameter (ISO-8601 or epoch millis), or {@code now}. */
    private static long scrapeTime(URI uri, long now) throws InvalidPayloadException {
        String q = uri.getRawQuery();
        if (q == null) {
            return now;
        }
        for (String kv : q.split("&")) {
            String[] p = kv.split("=", 2);
            if (p[0].equals("ts") && p.length == 2) {
                String v = URLDecoder.decode(p[1], StandardCharsets.UTF_8);
                try {
                    return v.matches("-?\\d+")
                            ? Long.parseLong(v)
                            : Instant.parse(v).toEpochMilli();
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw InvalidPayloadException.whole(
                            "query parameter ts='"
                                    + v
                                    + "' is not an ISO-8601 instant or epoch millis");
                }
            }
        }
        return now;
    }

    /**
     * For answers given before the body was read to its end: the connection cannot carry another
     * request (the rest of this body would be read as one), so the client must not reuse it.
     */
    private static void closeAfter(HttpExchange ex) {
        ex.getResponseHeaders().set("Connection", "close");
    }

    private static ObjectNode error(String error, String reason) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", error);
        n.put("reason", reason);
        return n;
    }

    private static int respond(HttpExchange ex, int code, ObjectNode body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, code, (body.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        return code;
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(code, -1);
            return;
        }
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
