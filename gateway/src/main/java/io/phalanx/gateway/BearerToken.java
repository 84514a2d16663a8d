package io.phalanx.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret clients present as {@code Authorization: Bearer <token>}. Comparisons are
 * constant-time over SHA-256 digests, so neither the content nor the length of the token leaks
 * through response times. GitHub webhooks cannot send a bearer header; they sign the body instead
 * ({@code X-Hub-Signature-256: sha256=<hmac>}), and the same token serves as the webhook secret.
 */
final class BearerToken {
    /** Shorter secrets are refused at start-up: guessing must not be an option. */
    static final int MIN_LENGTH = 16;

    static final String ENV = "PHALANX_INGEST_TOKEN";

    private final byte[] secret;
    private final byte[] digest;

    BearerToken(String token) {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "the ingest token must have at least " + MIN_LENGTH + " characters");
        }
        this.secret = token.strip().getBytes(StandardCharsets.UTF_8);
        this.digest = sha256(secret);
    }

    /**
     * The token from {@code file} (its content, trimmed) or else from {@code
     * $PHALANX_INGEST_TOKEN}.
     */
    static BearerToken load(Path file, String envValue) throws IOException {
        if (file != null) {
            return new BearerToken(Files.readString(file, StandardCharsets.UTF_8));
        }
        if (envValue == null || envValue.isBlank()) {
            throw new IllegalArgumentException("no ingest token: give --token-file or set " + ENV);
        }
        return new BearerToken(envValue);
    }

    /** Whether an {@code Authorization} header value carries this token. */
    boolean matchesHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sha256(presented), digest);
    }

    /** Whether {@code signature} ({@code sha256=<hex>}) is the HMAC-SHA256 of {@code body}. */
    boolean matchesSignature(String signature, byte[] body) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signature.substring(7).strip().toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(body), presented);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
