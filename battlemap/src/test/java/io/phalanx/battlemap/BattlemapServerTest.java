package io.phalanx.battlemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BattlemapServerTest extends BattlemapTestBase {
    @TempDir Path tmp;
    private IssuerStub issuer;
    private BattlemapServer server;
    private Path votes;

    @BeforeEach
    void start() throws Exception {
        issuer = issuer();
        votes = tmp.resolve("votes.jsonl");
        BattlemapOptions o = replayOptions(issuer, votes);
        server = new BattlemapServer(o, BattlemapServer.defaultVoteSink(o)).start();
        server.state().applyProposal(json(proposal("RP-1", "INC-400db581")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        issuer.close();
    }

    @Test
    void refusesToStartWithoutAnIssuerUnlessDemoOrLocalOnly() throws Exception {
        BattlemapOptions o = replayOptions(null, null);
        assertThatThrownBy(() -> new BattlemapServer(o, new VoteSink.InMemory()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--demo or --local-only");
        o.localOnly = true;
        try (BattlemapServer local = new BattlemapServer(o, new VoteSink.InMemory()).start()) {
            assertThat(get(local.baseUri().resolve("/api/me")).body()).contains("\"canVote\":true");
        }
        o.localOnly = false;
        o.demo = true;
        o.host = "0.0.0.0";
        try (BattlemapServer demo = new BattlemapServer(o, new VoteSink.InMemory())) {
            assertThat(demo.state().mode()).isEqualTo("demo");
        }
        o.demo = false;
        o.localOnly = true;
        assertThatThrownBy(() -> new BattlemapServer(o, new VoteSink.InMemory()))
                .hasMessageContaining("loopback");
    }

    @Test
    void aVoterVoteReachesTheSinkAndOthersAreRefused() throws Exception {
        URI votesUri = server.baseUri().resolve("/api/votes");
        String body = "{\"proposalId\":\"RP-1\",\"choice\":\"approve\"}";
        Instant soon = Instant.now().plusSeconds(300);
        String alice = issuer.token("alice", CLIENT_ID, soon, List.of(VOTER_ROLE), null);
        String bob = issuer.token("bob", CLIENT_ID, soon, List.of("viewer"), null);
        String expired =
                issuer.token(
                        "alice",
                        CLIENT_ID,
                        Instant.now().minusSeconds(120),
                        List.of(VOTER_ROLE),
                        null);
        String otherAudience =
                issuer.token("alice", "someone-else", soon, List.of(VOTER_ROLE), null);
        String forged =
                IssuerStub.sign(
                        new RSAKeyGenerator(2048).keyID("forged").generate(),
                        issuer.issuer().toString(),
                        "mallory",
                        CLIENT_ID,
                        soon,
                        List.of(VOTER_ROLE),
                        null);

        assertThat(post(votesUri, null, body).statusCode()).isEqualTo(401);
        assertThat(post(votesUri, expired, body).statusCode()).isEqualTo(401);
        assertThat(post(votesUri, otherAudience, body).statusCode()).isEqualTo(401);
        assertThat(post(votesUri, forged, body).statusCode()).isEqualTo(401);
        assertThat(post(votesUri, bob, body).statusCode()).isEqualTo(403);
        assertThat(Files.exists(votes)).isFalse();

        assertThat(post(votesUri, alice, body).statusCode()).isEqualTo(201);
        List<String> lines = Files.readAllLines(votes);
        assertThat(lines).hasSize(1);
        JsonNode vote = json(lines.get(0));
        assertThat(vote.path("voter").asText()).isEqualTo("alice");
        assertThat(vote.path("choice").asText()).isEqualTo("approve");
        assertThat(vote.path("incidentId").asText()).isEqualTo("INC-400db581");
        assertThat(server.state().proposal("RP-1").orElseThrow().path("votes")).hasSize(1);
    }

    @Test
    void aSocketGetsTheSnapshotThenEveryNewerIncidentVersion() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        WebSocket ws =
                HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(
                                URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                                new WebSocket.Listener() {
                                    final StringBuilder sb = new StringBuilder();

                                    @Override
                                    public CompletionStage<?> onText(
                                            WebSocket w, CharSequence data, boolean last) {
                                        sb.append(data);
                                        if (last) {
                                            got.add(sb.toString());
                                            sb.setLength(0);
                                        }
                                        w.request(1);
                                        return null;
                                    }
                                })
                        .get(10, TimeUnit.SECONDS);
        JsonNode snapshot = json(got.poll(10, TimeUnit.SECONDS));
        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("network").path("capturePoints")).hasSize(4);
        JsonNode incident = snapshot.path("incidents").get(0);
        assertThat(incident.path("title").asText()).isEqualTo("Packet loss between hop1 and hop2");
        long seq = snapshot.path("seq").asLong();

        var v1 = incident.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) v1)
                .put("version", incident.path("version").asInt() + 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) v1).put("narrative", "newer");
        assertThat(server.state().applyIncident(v1)).isTrue();
        // A redelivered older version changes nothing and is not pushed.
        assertThat(server.state().applyIncident(incident)).isFalse();

        JsonNode delta = json(got.poll(10, TimeUnit.SECONDS));
        assertThat(delta.path("seq").asLong()).isEqualTo(seq + 1);
        assertThat(delta.path("incident").path("narrative").asText()).isEqualTo("newer");
        assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
        ws.abort();
    }

    @Test
    void servesTheLadderOfAReportConversation() throws Exception {
        var r = get(server.baseUri().resolve("/api/ladder/" + LOSSY_HTTP_UID));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode ladder = json(r.body());
        assertThat(ladder.path("lanes")).hasSize(4);
        JsonNode conv = null;
        for (JsonNode c : server.state().network().path("conversations")) {
            if (c.path("uid").asText().equals(LOSSY_HTTP_UID)) {
                conv = c;
            }
        }
        // Every distinct packet of the report is one copy on the ladder (no identity reuse here).
        assertThat(ladder.path("packets")).hasSize(conv.path("packets").asInt());
        long lost = 0;
        for (JsonNode p : ladder.path("packets")) {
            if (p.path("lost").asBoolean()) {
                lost++;
                assertThat(p.path("sightings")).hasSizeLessThan(4);
            }
        }
        assertThat(lost).isPositive();
        assertThat(get(server.baseUri().resolve("/api/ladder/Cnope")).statusCode()).isEqualTo(404);
    }
}
