package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import io.phalanx.core.ladder.Ladder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The war room web server: one page (static assets from the classpath), the state as JSON, the
 * state pushed over a WebSocket ({@code /ws}: a snapshot on connect, then every delta in sequence
 * order), ladders of conversations, OpenID Connect login and remediation votes.
 *
 * <p>Votes: a signed-in user (session cookie from the code flow, or a {@code Bearer} access token)
 * whose roles claim holds the voter role may vote; anyone else gets 403 (401 without any
 * credentials). The vote is written to the {@link VoteSink} first and shown on the page after, so
 * the page never shows a vote the sink does not hold. In demo and local-only mode without an issuer
 * every visitor is the local user and may vote.
 */
public final class BattlemapServer implements AutoCloseable {
    private static final String SESSION_COOKIE = "phalanx_bm_session";

    /** Cookie-authenticated writes must carry this header: a cross-site form cannot set it. */
    static final String CSRF_HEADER = "X-Phalanx-Battlemap";

    private static final Set<String> CHOICES = Set.of("approve", "reject", "abstain");

    private final BattlemapOptions options;
    private final ObjectMapper mapper;
    private final WarRoomState state;
    private final LadderService ladders;
    private final VoteSink votes;
    private final OidcAuthenticator oidc;
    private final Map<String, OidcAuthenticator.Principal> sessions = new ConcurrentHashMap<>();
    private final Map<WsContext, Consumer<ObjectNode>> sockets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private Javalin app;
    private LiveFeed live;

    public BattlemapServer(BattlemapOptions options, VoteSink votes) throws IOException {
        options.validate();
        this.options = options;
        this.mapper = new ObjectMapper();
        String mode = options.demo ? "demo" : options.kafkaBootstrap != null ? "live" : "replay";
        this.state = new WarRoomState(mode, mapper);
        this.votes = votes;
        this.oidc = options.oidc == null ? null : new OidcAuthenticator(options.oidc, mapper);
        this.ladders = new LadderService(options.captures, state);
        if (options.report != null) {
            state.applyNetworkView(mapper.readTree(options.report.toFile()));
        } else if (options.demo && options.kafkaBootstrap == null) {
            // Live demo (phalanx demo): the banner, but the scenario comes from the topics.
            try (InputStream in =
                    BattlemapServer.class.getResourceAsStream(
                            "/battlemap-demo/loss-3pct-fwd-r1-r2.json")) {
                state.applyNetworkView(mapper.readTree(in));
            }
        }
    }

    /** The sink for the options: Kafka when live, else the votes file, else memory. */
    public static VoteSink defaultVoteSink(BattlemapOptions options) {
        ObjectMapper m = new ObjectMapper();
        if (options.kafkaBootstrap != null) {
            return new KafkaVoteSink(options.kafkaBootstrap, options.topicPrefix, m);
        }
        if (options.votesFile != null) {
            return new VoteSink.JsonLinesFile(options.votesFile, m);
        }
        return new VoteSink.InMemory();
    }

    public WarRoomState state() {
        return state;
    }

    public BattlemapServer start() {
        app =
                Javalin.create(
                        cfg -> {
                            cfg.showJavalinBanner = false;
                            cfg.staticFiles.add("/battlemap", Location.CLASSPATH);
                            cfg.jetty.modifyWebSocketServletFactory(
                                    f -> f.setIdleTimeout(Duration.ofHours(1)));
                        });
        app.get("/api/snapshot", ctx -> json(ctx, state.snapshot()));
        app.get("/api/me", this::me);
        app.get("/api/ladder/{id}", this::ladder);
        app.post("/api/votes", this::vote);
        app.post("/api/incidents", ctx -> push(ctx, state::applyIncident));
        app.post("/api/remediation", ctx -> push(ctx, state::applyProposal));
        app.post("/api/network", ctx -> push(ctx, state::applyNetworkView));
        app.get("/auth/login", this::login);
        app.get("/auth/callback", this::callback);
        app.post("/auth/logout", this::logout);
        app.ws(
                "/ws",
                ws -> {
                    ws.onConnect(
                            ctx -> {
                                Consumer<ObjectNode> l = d -> send(ctx, d);
                                sockets.put(ctx, l);
                                state.subscribe(l);
                            });
                    ws.onClose(ctx -> drop(ctx));
                    ws.onError(ctx -> drop(ctx));
                });
        app.start(options.host, options.port);
        if (options.kafkaBootstrap != null) {
            live = new LiveFeed(options.kafkaBootstrap, options.topicPrefix, state, mapper).start();
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    public URI baseUri() {
        String h = options.host.contains(":") ? "[" + options.host + "]" : options.host;
        return URI.create("http://" + h + ":" + port());
    }

    private void send(WsContext ctx, ObjectNode delta) {
        synchronized (ctx) {
            try {
                ctx.send(mapper.writeValueAsString(delta));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void drop(WsContext ctx) {
        Consumer<ObjectNode> l = sockets.remove(ctx);
        if (l != null) {
            state.unsubscribe(l);
        }
    }

    private void me(Context ctx) {
        ObjectNode me = mapper.createObjectNode();
        Optional<OidcAuthenticator.Principal> p = principal(ctx);
        me.put("mode", state.mode());
        me.put("sso", oidc != null);
        me.put("ladders", ladders.available());
        me.put("authenticated", p.isPresent());
        p.ifPresent(
                x -> {
                    me.put("name", x.name());
                    ArrayNode roles = me.putArray("roles");
                    x.roles().stream().sorted().forEach(roles::add);
                });
        me.put("canVote", p.map(this::mayVote).orElse(false));
        json(ctx, me);
    }

    private void ladder(Context ctx) throws IOException {
        Optional<Ladder> l = ladders.ladder(ctx.pathParam("id"));
        if (l.isEmpty()) {
            ctx.status(404).result(ladders.available() ? "no such conversation" : "no captures");
            return;
        }
        ctx.contentType("application/json").result(mapper.writeValueAsString(l.get()));
    }

    private void vote(Context ctx) throws IOException {
        Optional<OidcAuthenticator.Principal> p = principal(ctx);
        if (p.isEmpty()) {
            ctx.status(401).result("sign in to vote");
            return;
        }
        if (!mayVote(p.get()) || !csrfOk(ctx)) {
            ctx.status(403).result("not allowed to vote");
            return;
        }
        JsonNode body = mapper.readTree(ctx.body());
        String proposalId = body.path("proposalId").asText("");
        String choice = body.path("choice").asText("");
        if (!CHOICES.contains(choice) || state.proposal(proposalId).isEmpty()) {
            ctx.status(400).result("needs an existing proposalId and a choice of " + CHOICES);
            return;
        }
        ObjectNode vote = mapper.createObjectNode();
        vote.put("v", 1);
        vote.put("ts", Instant.now().toString());
        vote.put("proposalId", proposalId);
        vote.put("incidentId", state.proposal(proposalId).get().path("incidentId").asText(null));
        vote.put("voter", p.get().subject());
        vote.put("voterName", p.get().name());
        ArrayNode roles = vote.putArray("roles");
        p.get().roles().stream().sorted().forEach(roles::add);
        vote.put("choice", choice);
        if (body.hasNonNull("comment")) {
            vote.put("comment", body.get("comment").asText());
        }
        votes.write(vote);
        state.recordVote(vote);
        ctx.status(201);
        json(ctx, vote);
    }

    private void push(Context ctx, Consumer<JsonNode> apply) throws IOException {
        Optional<OidcAuthenticator.Principal> p = principal(ctx);
        if (!options.acceptPushes || p.isEmpty() || !mayVote(p.get()) || !csrfOk(ctx)) {
            ctx.status(403).result("not allowed");
            return;
        }
        try {
            apply.accept(mapper.readTree(ctx.body()));
        } catch (IllegalArgumentException e) {
            ctx.status(400).result(e.getMessage());
            return;
        }
        ctx.status(202);
    }

    private void login(Context ctx) {
        if (oidc == null) {
            ctx.redirect("/");
            return;
        }
        ctx.redirect(oidc.loginRedirect(redirectUri()).toString());
    }

    private void callback(Context ctx) {
        try {
            OidcAuthenticator.Principal p =
                    oidc.completeLogin(
                            ctx.queryParam("state"), ctx.queryParam("code"), redirectUri());
            String id = randomId();
            sessions.put(id, p);
            // Secure whenever the page is served over TLS (the redirect URI says how it is
            // reached).
            String secure = "https".equals(redirectUri().getScheme()) ? "; Secure" : "";
            ctx.header(
                    "Set-Cookie",
                    SESSION_COOKIE
                            + "="
                            + id
                            + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200"
                            + secure);
            ctx.redirect("/");
        } catch (IOException | RuntimeException e) {
            ctx.status(401).result("login failed: " + e.getMessage());
        }
    }

    private void logout(Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        if (id != null) {
            sessions.remove(id);
        }
        ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0");
        ctx.status(204);
    }

    private URI redirectUri() {
        return options.oidc.redirectUri() != null
                ? options.oidc.redirectUri()
                : URI.create(baseUri() + "/auth/callback");
    }

    private Optional<OidcAuthenticator.Principal> principal(Context ctx) {
        if (oidc == null) {
            // Demo and local-only: one local user, allowed everything (validate() guarantees it).
            return Optional.of(
                    new OidcAuthenticator.Principal("local", "local user", Set.of("local")));
        }
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.ofNullable(oidc.validateAccessToken(auth.substring(7).trim()));
        }
        String id = ctx.cookie(SESSION_COOKIE);
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
    }

    private boolean mayVote(OidcAuthenticator.Principal p) {
        return oidc == null || oidc.mayVote(p);
    }

    private boolean csrfOk(Context ctx) {
        return ctx.header("Authorization") != null || "1".equals(ctx.header(CSRF_HEADER));
    }

    private void json(Context ctx, JsonNode node) {
        ctx.contentType("application/json").result(node.toString());
    }

    private String randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() throws Exception {
        if (live != null) {
            live.close();
        }
        if (app != null) {
            app.stop();
        }
        votes.close();
    }

    /** Standalone entry point; the {@code phalanx battlemap} command has the full option set. */
    public static void main(String[] args) throws Exception {
        BattlemapOptions o = new BattlemapOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--report" -> o.report = java.nio.file.Path.of(args[++i]);
                case "--capture" -> {
                    String[] kv = args[++i].split("=", 2);
                    o.captures.put(kv[0], java.nio.file.Path.of(kv[1]));
                }
                case "--port" -> o.port = Integer.parseInt(args[++i]);
                case "--demo" -> o.demo = true;
                case "--local-only" -> o.localOnly = true;
                case "--votes" -> o.votesFile = java.nio.file.Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (o.report != null && !Files.isRegularFile(o.report)) {
            throw new IllegalArgumentException("no report at " + o.report);
        }
        BattlemapServer s = new BattlemapServer(o, defaultVoteSink(o)).start();
        System.out.println("battlemap at " + s.baseUri());
        Thread.currentThread().join();
    }
}
