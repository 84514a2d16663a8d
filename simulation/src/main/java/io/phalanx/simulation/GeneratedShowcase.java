package io.phalanx.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.twin.TwinHistory;
import io.phalanx.core.twin.TwinModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A showcase written to disk: the capture set ({@code hop1.pcap} .. {@code hop4.pcap}, optionally
 * {@code merged.pcapng}), {@code ground-truth.json} with the {@code showcase} outcome, the side
 * feeds ({@code metrics.jsonl}, {@code logs.jsonl}, {@code deploys.jsonl}, {@code impact.jsonl}),
 * {@code topology.json} (declared capture paths for {@code phalanx replay --topology}, the hosts
 * and services, and the {@code twin} block for {@code phalanx twin --topology}); the launch adds
 * {@code history-1x.jsonl}, {@code observed-3x.jsonl} and {@code slo.yaml}.
 */
public record GeneratedShowcase(
        Showcase showcase, long seed, CaptureSet captureSet, Map<String, Path> pcaps, Path dir) {
    public static final String TOPOLOGY = "topology.json";
    public static final String HISTORY_1X = "history-1x.jsonl";
    public static final String OBSERVED_3X = "observed-3x.jsonl";
    public static final String SLO = "slo.yaml";

    /** Start of the launch's ×1 history: the same hour-of-day one day before the launch. */
    public static final long HISTORY_START_MILLIS = Showcase.ONSET - 86_400_000L;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Checkout's latency SLO for the launch: 99 % of purchases under 500 ms. */
    static final String LAUNCH_SLO =
            """
            # Checkout: 99 % of purchase requests (class buy, which passes checkout) under 500 ms.
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout-latency
            spec:
              service: checkout
              indicator:
                spec:
                  ratioMetric:
                    good:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(http_request_duration_seconds_bucket{service="checkout",le="0.5"}[1m]))
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(http_request_duration_seconds_count{service="checkout"}[1m]))
              timeWindow:
                - duration: 28d
                  isRolling: true
              objectives:
                - target: 0.99
              x-phalanx:
                impact: {revenuePerMinute: 1200, customerTier: enterprise, usersAffected: 50000}
            """;

    public static GeneratedShowcase generate(Showcase showcase, long seed, Path dir, boolean pcapng)
            throws IOException {
        Files.createDirectories(dir);
        CaptureSet set = showcase.simulate(seed);
        Map<String, Path> pcaps = set.writePcaps(dir);
        if (pcapng) {
            set.writeMergedPcapng(dir.resolve("merged.pcapng"));
        }
        GroundTruth.write(GroundTruth.ofShowcase(showcase, seed, set), dir);
        showcase.feeds(seed).write(dir);
        JSON.writeValue(dir.resolve(TOPOLOGY).toFile(), topology(showcase.chainTopology()));
        if (showcase == Showcase.LAUNCH_3X) {
            writeHistory(dir.resolve(HISTORY_1X), launchHistory(seed, 1));
            writeHistory(dir.resolve(OBSERVED_3X), launchHistory(seed, 3));
            Files.writeString(dir.resolve(SLO), LAUNCH_SLO, StandardCharsets.UTF_8);
        }
        return new GeneratedShowcase(showcase, seed, set, pcaps, dir);
    }

    /**
     * The launch's history at ×1 (from {@link #HISTORY_START_MILLIS}) or observation at ×3 (from
     * the onset), {@link Showcase#LAUNCH_MINUTES} minutes each.
     */
    public static TwinHistory launchHistory(long seed, double multiplier) {
        long start = multiplier == 1 ? HISTORY_START_MILLIS : Showcase.ONSET;
        return LaunchTraffic.history(seed, multiplier, start, Showcase.LAUNCH_MINUTES);
    }

    private static void writeHistory(Path file, TwinHistory h) throws IOException {
        ShowcaseFeeds.write(file, LaunchTraffic.metrics(h), EventJson::toJson);
    }

    /** The {@code topology.json} of a showcase on {@code chain}. */
    static ObjectNode topology(ChainTopology chain) {
        ObjectNode root = JSON.createObjectNode();
        String client = ChainTopology.dotted(chain.clientAddress());
        String server = ChainTopology.dotted(chain.serverAddress());
        ArrayNode paths = root.putArray("paths");
        for (Direction d : Direction.values()) {
            ObjectNode p = paths.addObject();
            boolean c2s = d == Direction.CLIENT_TO_SERVER;
            p.put("from", (c2s ? client : server) + "/32");
            p.put("to", (c2s ? server : client) + "/32");
            ArrayNode cps = p.putArray("capturePoints");
            chain.path(d).forEach(cps::add);
        }
        ArrayNode hosts = root.putArray("hosts");
        ObjectNode edge = hosts.addObject();
        edge.put("host", "users-edge");
        edge.put("address", client);
        for (ShopEnvironment.Service s : ShopEnvironment.SERVICES) {
            for (String h : s.hosts()) {
                ObjectNode n = hosts.addObject();
                n.put("host", h);
                n.put("service", s.name());
                if (h.equals(ShopEnvironment.CHAIN_SERVER_HOST)) {
                    n.put("address", server);
                }
            }
        }
        ArrayNode services = root.putArray("services");
        for (ShopEnvironment.Service s : ShopEnvironment.SERVICES) {
            ObjectNode n = services.addObject();
            n.put("name", s.name());
            s.hosts().forEach(n.putArray("hosts")::add);
            n.put("customerTier", s.customerTier());
        }
        root.set("twin", TwinModelFile.toJson(ShopEnvironment.declaredShop()));
        return root;
    }
}
