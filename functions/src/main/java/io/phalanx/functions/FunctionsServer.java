package io.phalanx.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.governance.ChangeFreezeAgentRule;
import io.phalanx.core.governance.ChangeFreezeCalendar;
import io.phalanx.core.governance.NetworkAgentRule;
import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.SloAgentRule;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.functions.actions.ActionRunner;
import io.phalanx.functions.actions.AnsibleAction;
import io.phalanx.functions.actions.TerraformAction;
import io.phalanx.functions.actions.WebhookAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * Serves the governance functions to the StateFun runtime over HTTP: {@code POST /statefun}, the
 * runtime's request-reply protocol in, the reply out as {@code application/octet-stream}. The only
 * HTTP-aware code of the module; binds to 127.0.0.1 unless told otherwise.
 *
 * <pre>
 * java -cp ... io.phalanx.functions.FunctionsServer --port 8000 \
 *     --policy functions/conf/trust-policy.json --playbook functions/conf/playbook.yaml \
 *     --calendar functions/conf/change-freeze.yaml [--work-dir DIR] [--slo-min-burn 2.0] \
 *     [--bind 127.0.0.1] [--ansible ansible-playbook] [--terraform terraform]
 * </pre>
 *
 * Prints {@code functions server listening on http://HOST:PORT/statefun} once it accepts calls.
 * Live actions only with {@code PHALANX_LIVE_ACTIONS=true} or a policy that allows them.
 */
public final class FunctionsServer implements AutoCloseable {
    public static final String PATH = "/statefun";

    private final HttpServer server;
    private final ExecutorService threads;

    private FunctionsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts serving {@code functions} on {@code address} (port 0: a free port). */
    public static FunctionsServer start(StatefulFunctions functions, InetSocketAddress address)
            throws IOException {
        RequestReplyHandler handler = functions.requestReplyHandler();
        HttpServer server = HttpServer.create(address, 0);
        // Executors block on their actions; a few threads keep other functions answering.
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext(PATH, exchange -> handle(handler, exchange));
        server.start();
        return new FunctionsServer(server, threads);
    }

    private static void handle(RequestReplyHandler handler, HttpExchange exchange)
            throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readAllBytes();
            }
            byte[] reply;
            try {
                Slice out = handler.handle(Slices.wrap(request)).join();
                reply = out.toByteArray();
            } catch (RuntimeException e) {
                byte[] msg = String.valueOf(e.getCause() != null ? e.getCause() : e).getBytes();
                exchange.sendResponseHeaders(500, msg.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(msg);
                }
                System.err.println("function call failed: " + e);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(reply);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** The production wiring: files from the options, the three agents, the three actions. */
    public static GovernanceConfig config(Map<String, String> options) throws ConfigFileException {
        TrustPolicy policy = TrustPolicy.load(Path.of(options.get("policy")));
        Playbook playbook = Playbook.load(Path.of(options.get("playbook")));
        Path calendarFile = Path.of(options.get("calendar"));
        ChangeFreezeCalendar.load(calendarFile); // refuse a broken calendar at start
        Supplier<ChangeFreezeCalendar> calendar =
                () -> {
                    try {
                        return ChangeFreezeCalendar.load(calendarFile);
                    } catch (ConfigFileException e) {
                        // An edit broke the file: no agent vote rather than a wrong one.
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                };
        Path workDir = Path.of(options.getOrDefault("work-dir", "."));
        Clock clock = Clock.systemUTC();
        ActionRunner runner =
                new ActionRunner(
                        List.of(
                                new AnsibleAction(
                                        options.getOrDefault("ansible", "ansible-playbook"),
                                        workDir),
                                new TerraformAction(
                                        options.getOrDefault("terraform", "terraform"), workDir),
                                new WebhookAction()),
                        ActionRunner.liveFromEnvironment(),
                        clock);
        return GovernanceConfig.of(
                policy,
                playbook,
                List.of(
                        new NetworkAgentRule("network-agent"),
                        new SloAgentRule(
                                "slo-agent",
                                Double.parseDouble(options.getOrDefault("slo-min-burn", "2.0"))),
                        new ChangeFreezeAgentRule("change-freeze-agent", calendar)),
                runner,
                clock);
    }

    static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        options.put("policy", "functions/conf/trust-policy.json");
        options.put("playbook", "functions/conf/playbook.yaml");
        options.put("calendar", "functions/conf/change-freeze.yaml");
        options.put("port", "8000");
        options.put("bind", "127.0.0.1");
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "expected --option value, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        GovernanceConfig config;
        try {
            options = parseOptions(args);
            config = config(options);
        } catch (ConfigFileException | IllegalArgumentException e) {
            System.err.println("phalanx-functions: " + e.getMessage());
            System.exit(2);
            return;
        }
        FunctionsServer server =
                start(
                        GovernanceModule.functions(config),
                        new InetSocketAddress(
                                options.get("bind"), Integer.parseInt(options.get("port"))));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop functions server"));
        System.out.println(
                "functions server listening on "
                        + server.url()
                        + " (policy "
                        + config.policy().version()
                        + ", live actions "
                        + (ActionRunner.liveFromEnvironment() ? "on" : "per policy")
                        + ")");
        System.out.flush();
        Thread.currentThread().join();
    }
}
