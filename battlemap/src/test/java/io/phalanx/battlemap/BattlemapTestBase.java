package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shared scenario: the replay report of the bundled loss capture set ({@code
 * samples/captures/loss-3pct-fwd-r1-r2}, written by {@code phalanx replay}) with its four capture
 * files for ladders; a stub OIDC issuer with a voter (alice, incident-commander) and a viewer
 * (bob).
 */
abstract class BattlemapTestBase {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path REPO = Path.of(System.getProperty("phalanx.repo.root", ".."));
    static final String LOSS_SET = "loss-3pct-fwd-r1-r2";
    static final String CLIENT_ID = "phalanx-battlemap";
    static final String VOTER_ROLE = "incident-commander";

    /** An HTTP conversation of the loss set that lost packets between hop1 and hop2. */
    static final String LOSSY_HTTP_UID = "CSL6W5Mkaek3y2vJP2";

    static Path report(String set) {
        try {
            return Path.of(
                    BattlemapTestBase.class.getResource("/reports/" + set + ".json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Path> captures(String set) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String hop : new String[] {"hop1", "hop2", "hop3", "hop4"}) {
            m.put(hop, REPO.resolve("samples/captures").resolve(set).resolve(hop + ".pcap"));
        }
        return m;
    }

    static IssuerStub issuer() throws Exception {
        return new IssuerStub(CLIENT_ID)
                .user("alice", "alice", VOTER_ROLE, "sre")
                .user("bob", "bob", "viewer");
    }

    static BattlemapOptions replayOptions(IssuerStub issuer, Path votes) {
        BattlemapOptions o = new BattlemapOptions();
        o.port = 0;
        o.report = report(LOSS_SET);
        o.captures = captures(LOSS_SET);
        o.votesFile = votes;
        o.oidc =
                issuer == null
                        ? null
                        : new OidcSettings(
                                issuer.issuer(), CLIENT_ID, CLIENT_ID, "roles", VOTER_ROLE, null);
        return o;
    }

    static HttpResponse<String> post(URI uri, String token, String body) throws IOException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static HttpResponse<String> get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).build());
    }

    private static HttpResponse<String> send(HttpRequest r) throws IOException {
        try {
            return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static JsonNode json(String s) throws IOException {
        return MAPPER.readTree(s);
    }

    /** A remediation proposal as the governance flow would put it before the war room. */
    static String proposal(String id, String incidentId) {
        return "{\"id\":\"%s\",\"incidentId\":\"%s\",\"action\":\"drain r1->r2 link, reroute via backup\",\"rationale\":\"loss confined to hop1->hop2\"}"
                .formatted(id, incidentId);
    }
}
