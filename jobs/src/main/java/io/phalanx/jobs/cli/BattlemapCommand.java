package io.phalanx.jobs.cli;

import io.phalanx.battlemap.BattlemapOptions;
import io.phalanx.battlemap.BattlemapServer;
import io.phalanx.battlemap.OidcSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx battlemap}: the incident war room web page. */
@Command(
        name = "battlemap",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve the incident war room: the battlemap (services over capture points,",
            "segments and paths coloured by health, incidents pinned), ladder diagrams",
            "of conversations and the incident panel, pushed live over a WebSocket.",
            "",
            "Input: a replay report (--report, with --capture files for ladders) or the",
            "result topics (--kafka). Votes need OpenID Connect (--oidc-issuer and",
            "--oidc-client-id); without an issuer it starts only with --demo or",
            "--local-only."
        },
        footer = {
            "",
            "Example:",
            "  phalanx battlemap --report out/report.json --local-only \\",
            "      --capture hop1=samples/captures/loss-3pct-fwd-r1-r2/hop1.pcap ..."
        })
public final class BattlemapCommand implements Callable<Integer> {
    @Option(names = "--report", paramLabel = "FILE", description = "Replay report to show.")
    Path report;

    @Option(
            names = "--capture",
            paramLabel = "ID=FILE",
            description = "Capture file of a capture point, for ladders (repeatable).")
    Map<String, Path> captures = new LinkedHashMap<>();

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description = "Live mode: read the network and incidents topics (read_committed).")
    String kafka;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            paramLabel = "PREFIX",
            description = "Prefix of every topic name (must match `phalanx run`).")
    String topicPrefix;

    @Option(
            names = "--demo",
            description = "Demo mode: the bundled simulator scenario under a DEMO banner.")
    boolean demo;

    @Option(
            names = "--local-only",
            description = "No login: bind loopback only and let the local user vote.")
    boolean localOnly;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "OpenID Connect issuer.")
    URI oidcIssuer;

    @Option(names = "--oidc-client-id", paramLabel = "ID", description = "This page's client id.")
    String oidcClientId;

    @Option(
            names = "--oidc-audience",
            paramLabel = "AUD",
            description = "Audience of bearer access tokens (default: the client id).")
    String oidcAudience;

    @Option(
            names = "--roles-claim",
            defaultValue = "roles",
            paramLabel = "CLAIM",
            description = "Token claim holding the roles (default: ${DEFAULT-VALUE}).")
    String rolesClaim;

    @Option(
            names = "--voter-role",
            defaultValue = "incident-commander",
            paramLabel = "ROLE",
            description = "Role that may vote on remediation (default: ${DEFAULT-VALUE}).")
    String voterRole;

    @Option(
            names = "--redirect-uri",
            paramLabel = "URL",
            description = "OIDC redirect URI (default: http://<bind>:<port>/auth/callback).")
    URI redirectUri;

    @Option(
            names = "--votes",
            paramLabel = "FILE",
            description =
                    "Replay/demo mode: append votes to this JSON Lines file (default: memory).")
    Path votes;

    @Override
    public Integer call() throws Exception {
        BattlemapOptions o = new BattlemapOptions();
        o.host = bind;
        o.port = port;
        o.report = report;
        o.captures = captures;
        o.kafkaBootstrap = kafka;
        o.topicPrefix = topicPrefix;
        o.demo = demo;
        o.localOnly = localOnly;
        o.votesFile = votes;
        if (oidcIssuer != null || oidcClientId != null) {
            if (oidcIssuer == null || oidcClientId == null) {
                throw new IllegalArgumentException(
                        "--oidc-issuer and --oidc-client-id go together");
            }
            o.oidc =
                    new OidcSettings(
                            oidcIssuer,
                            oidcClientId,
                            oidcAudience,
                            rolesClaim,
                            voterRole,
                            redirectUri);
        }
        if (report != null && !Files.isRegularFile(report)) {
            throw new IllegalArgumentException("no report at " + report);
        }
        for (Map.Entry<String, Path> c : captures.entrySet()) {
            if (!Files.isRegularFile(c.getValue())) {
                throw new IllegalArgumentException(
                        "no capture file for " + c.getKey() + " at " + c.getValue());
            }
        }
        BattlemapServer server = new BattlemapServer(o, BattlemapServer.defaultVoteSink(o));
        server.start();
        System.err.println(
                "battlemap: serving " + server.baseUri() + " (" + server.state().mode() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        server.close();
                                    } catch (Exception e) {
                                        System.err.println("battlemap: " + e.getMessage());
                                    }
                                    stopped.countDown();
                                }));
        stopped.await();
        return 0;
    }
}
