package io.phalanx.battlemap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local OpenID Connect provider for tests: discovery, JWKS, an authorize page that lets the
 * browser pick one of the known users (a real login form, minus the password), and a token endpoint
 * that checks the PKCE verifier and signs real RS256 ID and access tokens.
 */
final class IssuerStub implements AutoCloseable {
    record User(String sub, String name, List<String> roles) {}

    private record Grant(
            User user, String challenge, String nonce, String redirect, String client) {}

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    final String audience;

    IssuerStub(String audience) throws Exception {
        this.audience = audience;
        this.key = new RSAKeyGenerator(2048).keyID("stub-" + UUID.randomUUID()).generate();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", ex -> send(ex, 200, "application/json", jwks()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/approve", this::approve);
        server.createContext("/token", this::token);
        server.start();
    }

    IssuerStub user(String sub, String name, String... roles) {
        users.put(sub, new User(sub, name, List.of(roles)));
        return this;
    }

    URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A signed token as the provider would issue it. */
    String token(String sub, String aud, Instant expires, List<String> roles, String nonce) {
        return sign(key, issuer().toString(), sub, aud, expires, roles, nonce);
    }

    static String sign(
            RSAKey key,
            String issuer,
            String sub,
            String aud,
            Instant expires,
            List<String> roles,
            String nonce) {
        try {
            JWTClaimsSet.Builder c =
                    new JWTClaimsSet.Builder()
                            .issuer(issuer)
                            .subject(sub)
                            .audience(aud)
                            .issueTime(new Date())
                            .expirationTime(Date.from(expires))
                            .claim("name", sub)
                            .claim("roles", roles);
            if (nonce != null) {
                c.claim("nonce", nonce);
            }
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .keyID(key.getKeyID())
                                    .type(JOSEObjectType.JWT)
                                    .build(),
                            c.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange ex) throws IOException {
        String i = issuer().toString();
        send(
                ex,
                200,
                "application/json",
                "{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/authorize\",\"token_endpoint\":\"%s/token\",\"jwks_uri\":\"%s/jwks\",\"code_challenge_methods_supported\":[\"S256\"]}"
                        .formatted(i, i, i, i));
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = params(ex.getRequestURI().getRawQuery());
        if (!"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
            send(ex, 400, "text/plain", "PKCE S256 required");
            return;
        }
        StringBuilder html =
                new StringBuilder("<!doctype html><title>Stub IdP</title><h1>Sign in</h1>");
        for (User u : users.values()) {
            html.append("<form method=post action=/approve>");
            for (var e : q.entrySet()) {
                html.append("<input type=hidden name=\"")
                        .append(e.getKey())
                        .append("\" value=\"")
                        .append(e.getValue().replace("\"", "&quot;"))
                        .append("\">");
            }
            html.append("<input type=hidden name=user value=\"")
                    .append(u.sub())
                    .append("\"><button id=\"as-")
                    .append(u.sub())
                    .append("\">")
                    .append(u.name())
                    .append("</button></form>");
        }
        send(ex, 200, "text/html", html.toString());
    }

    private void approve(HttpExchange ex) throws IOException {
        Map<String, String> f = params(new String(ex.getRequestBody().readAllBytes()));
        User u = users.get(f.get("user"));
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                new Grant(
                        u,
                        f.get("code_challenge"),
                        f.get("nonce"),
                        f.get("redirect_uri"),
                        f.get("client_id")));
        String location =
                f.get("redirect_uri")
                        + "?code="
                        + code
                        + "&state="
                        + URLEncoder.encode(f.get("state"), StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> f = params(new String(ex.getRequestBody().readAllBytes()));
        Grant g = codes.remove(f.get("code"));
        if (g == null
                || f.get("code_verifier") == null
                || !OidcAuthenticator.challenge(f.get("code_verifier")).equals(g.challenge())
                || !g.redirect().equals(f.get("redirect_uri"))) {
            send(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant exp = Instant.now().plusSeconds(600);
        String id = token(g.user().sub(), g.client(), exp, g.user().roles(), g.nonce());
        String access = token(g.user().sub(), audience, exp, g.user().roles(), null);
        send(
                ex,
                200,
                "application/json",
                "{\"id_token\":\"%s\",\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":600}"
                        .formatted(id, access));
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            m.put(
                    URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
