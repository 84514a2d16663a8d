package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenID Connect for the war room: the authorization code flow with PKCE (S256) for browsers, and
 * validation of ID tokens and {@code Bearer} access tokens with nimbus-jose-jwt: the signature
 * against the issuer's JWKS (RS256 or ES256; keys fetched from the discovered {@code jwks_uri},
 * cached and refreshed on an unknown key id), the issuer, the audience, expiry and not-before (60 s
 * clock skew), and for ID tokens the nonce of the login that asked for it. A token that fails any
 * check is treated as absent.
 */
public final class OidcAuthenticator {
    /** A signed-in user: subject, display name and roles from the configured claim. */
    public record Principal(String subject, String name, Set<String> roles) {}

    private record PendingLogin(String verifier, String nonce, long expiresAtMillis) {}

    private final OidcSettings settings;
    private final HttpClient http;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PendingLogin> pending = new ConcurrentHashMap<>();

    public OidcAuthenticator(OidcSettings settings, ObjectMapper mapper) throws IOException {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = settings.issuer().toString().replaceAll("/+$", "");
        JsonNode discovery;
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(base + "/.well-known/openid-configuration"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(
                        "OIDC discovery of " + base + " answered HTTP " + r.statusCode());
            }
            discovery = mapper.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during OIDC discovery", e);
        }
        if (!settings.issuer().toString().equals(discovery.path("issuer").asText())) {
            throw new IOException(
                    "OIDC discovery names issuer "
                            + discovery.path("issuer").asText()
                            + ", expected "
                            + settings.issuer());
        }
        this.authorizationEndpoint = URI.create(discovery.path("authorization_endpoint").asText());
        this.tokenEndpoint = URI.create(discovery.path("token_endpoint").asText());
        JWKSource<SecurityContext> keys =
                JWKSourceBuilder.create(URI.create(discovery.path("jwks_uri").asText()).toURL())
                        .build();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(
                        JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    }

    public OidcSettings settings() {
        return settings;
    }

    /**
     * Starts a login: the provider URL to redirect the browser to, with a fresh state, nonce and
     * PKCE challenge (the verifier stays here, keyed by state, for ten minutes).
     */
    public URI loginRedirect(URI redirectUri) {
        String state = randomToken();
        String verifier = randomToken() + randomToken();
        String nonce = randomToken();
        pending.values().removeIf(p -> p.expiresAtMillis < System.currentTimeMillis());
        pending.put(state, new PendingLogin(verifier, nonce, System.currentTimeMillis() + 600_000));
        String query =
                "response_type=code"
                        + "&client_id="
                        + enc(settings.clientId())
                        + "&redirect_uri="
                        + enc(redirectUri.toString())
                        + "&scope="
                        + enc("openid profile")
                        + "&state="
                        + enc(state)
                        + "&nonce="
                        + enc(nonce)
                        + "&code_challenge="
                        + enc(challenge(verifier))
                        + "&code_challenge_method=S256";
        String sep = authorizationEndpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(authorizationEndpoint + sep + query);
    }

    /**
     * Completes a login: exchanges the code (with the PKCE verifier) for tokens and validates the
     * ID token, including its nonce.
     */
    public Principal completeLogin(String state, String code, URI redirectUri) throws IOException {
        PendingLogin login = state == null ? null : pending.remove(state);
        if (login == null || login.expiresAtMillis < System.currentTimeMillis()) {
            throw new IOException("unknown or expired login state");
        }
        String form =
                "grant_type=authorization_code&code="
                        + enc(code)
                        + "&redirect_uri="
                        + enc(redirectUri.toString())
                        + "&client_id="
                        + enc(settings.clientId())
                        + "&code_verifier="
                        + enc(login.verifier);
        HttpResponse<String> r;
        try {
            r =
                    http.send(
                            HttpRequest.newBuilder(tokenEndpoint)
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during the token exchange", e);
        }
        if (r.statusCode() != 200) {
            throw new IOException("token endpoint answered HTTP " + r.statusCode());
        }
        String idToken = new ObjectMapper().readTree(r.body()).path("id_token").asText(null);
        if (idToken == null) {
            throw new IOException("token response without id_token");
        }
        Principal p = validate(idToken, settings.clientId(), login.nonce);
        if (p == null) {
            throw new IOException("the ID token failed validation");
        }
        return p;
    }

    /** Validates a {@code Bearer} access token; null when it fails any check. */
    public Principal validateAccessToken(String token) {
        return validate(token, settings.audience(), null);
    }

    private Principal validate(String token, String audience, String nonce) {
        JWTClaimsSet.Builder exact =
                new JWTClaimsSet.Builder().issuer(settings.issuer().toString());
        if (nonce != null) {
            exact.claim("nonce", nonce);
        }
        DefaultJWTClaimsVerifier<SecurityContext> verifier =
                new DefaultJWTClaimsVerifier<>(
                        audience, exact.build(), Set.of("sub", "exp", "iat"));
        verifier.setMaxClockSkew(60);
        try {
            JWTClaimsSet claims;
            synchronized (processor) {
                processor.setJWTClaimsSetVerifier(verifier);
                claims = processor.process(token, null);
            }
            return new Principal(
                    claims.getSubject(),
                    claims.getStringClaim("name") != null
                            ? claims.getStringClaim("name")
                            : claims.getSubject(),
                    roles(claims.getClaim(settings.rolesClaim())));
        } catch (BadJWTException e) {
            return null;
        } catch (Exception e) {
            // Bad signature, unknown key, malformed token, JWKS unreachable: not authenticated.
            return null;
        }
    }

    private static Set<String> roles(Object claim) {
        if (claim instanceof List<?> l) {
            return Set.copyOf(l.stream().map(String::valueOf).toList());
        }
        if (claim instanceof String s) {
            return Set.of(s.split("[ ,]+"));
        }
        return Set.of();
    }

    public boolean mayVote(Principal p) {
        return p != null && p.roles().contains(settings.voterRole());
    }

    private String randomToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String challenge(String verifier) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
