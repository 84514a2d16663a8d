package io.phalanx.battlemap;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a war room runs. Exactly one input: a replay report (with optional capture files for
 * ladders), or Kafka bootstrap servers (live). Without {@link #oidc} the server starts only in demo
 * or local-only mode, where everyone on the page may vote (local-only binds loopback and is for one
 * engineer's laptop; demo shows bundled simulator scenarios under a DEMO banner).
 */
public final class BattlemapOptions {
    public String host = "127.0.0.1";
    public int port = 8080;
    public Path report;
    public Map<String, Path> captures = new LinkedHashMap<>();
    public String kafkaBootstrap;
    public String topicPrefix = "";
    public boolean demo;
    public boolean localOnly;
    public OidcSettings oidc;

    /** Replay and demo votes go here (JSON Lines, append-only); null keeps them in memory. */
    public Path votesFile;

    /** Allow POST /api/incidents and /api/remediation (operators and tests push updates). */
    public boolean acceptPushes = true;

    public void validate() {
        if (oidc == null && !demo && !localOnly) {
            throw new IllegalArgumentException(
                    "no OpenID Connect issuer configured: set --oidc-issuer and --oidc-client-id,"
                            + " or run with --demo or --local-only");
        }
        if (localOnly && !isLoopback(host)) {
            throw new IllegalArgumentException(
                    "--local-only serves without login and binds loopback only, not " + host);
        }
        if (report != null && kafkaBootstrap != null) {
            throw new IllegalArgumentException("choose a report or Kafka, not both");
        }
        if (report == null && kafkaBootstrap == null && !demo) {
            throw new IllegalArgumentException("give --report, --kafka or --demo");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
