package io.phalanx.simulation;

import io.phalanx.core.events.DeployEvent;
import java.util.List;

/**
 * The demo-mode showcases: a whole environment ({@link ShopEnvironment}) with a capture set on the
 * multi-hop chain and the side feeds of every other domain (metrics, logs, deploys, business
 * impact), all derived from one seed and timed around one onset: the capture window opens when the
 * fault takes effect ({@link Scenario#START_EPOCH_NANOS}, 2026-11-26T12:00:00Z), the feeds run from
 * ten minutes before to five after. Each showcase carries its {@link ShowcaseOutcome}.
 */
public enum Showcase {
    DEPLOY_CONGESTION(
            "deploy-v42-congestion-checkout",
            2001,
            "checkout v42 is deployed at 11:59:20; 40 s later r2's queue towards checkout-1 congests"
                    + " (between hop2 and hop3), checkout-1's CPU climbs to 95 % and checkout logs"
                    + " upstream timeouts.") {
        @Override
        Scenario captureScenario() {
            return Scenario.CONGESTION_HOP2_HOP3;
        }

        @Override
        List<DeployEvent> changes() {
            return List.of(
                    new DeployEvent(ONSET - 40_000, "checkout", "v42", "v41", "github-actions"));
        }

        @Override
        List<ShowcaseFeeds.Symptom> symptoms() {
            return List.of(
                    new ShowcaseFeeds.Symptom(
                            "checkout",
                            "checkout-1",
                            "cpu_utilization",
                            ONSET - 40_000,
                            40_000,
                            0.95),
                    new ShowcaseFeeds.Symptom(
                            "checkout", null, "latency_p99_seconds", ONSET, 0, 2.1),
                    new ShowcaseFeeds.Symptom("checkout", null, "error_ratio", ONSET, 0, 0.08));
        }

        @Override
        List<ShowcaseFeeds.LogPattern> logPatterns() {
            return List.of(
                    new ShowcaseFeeds.LogPattern(
                            "checkout",
                            "checkout-1",
                            "ERROR",
                            "upstream timeout after 2000 ms (POST /checkout -> payments)",
                            ONSET + 3_000,
                            5_000));
        }

        @Override
        public ShowcaseOutcome expectedOutcome() {
            return new ShowcaseOutcome(
                    captureScenario().expectedOutcome(),
                    ONSET,
                    List.of("checkout"),
                    "checkout",
                    "v42",
                    40_000,
                    "checkout-1",
                    0.9,
                    "checkout",
                    1);
        }
    },

    ROUTING_CHANGE(
            "routing-change-asymmetric-return",
            2002,
            "netops applies a route map at 11:59:30; from 12:00:00 checkout-1's replies return over"
                    + " a second link into r2 and bypass hop3. No service degrades.") {
        @Override
        Scenario captureScenario() {
            return Scenario.ASYMMETRIC_RETURN_BYPASSES_HOP3;
        }

        @Override
        List<DeployEvent> changes() {
            return List.of(
                    new DeployEvent(
                            ONSET - 30_000,
                            "network-core",
                            "route-map-2026-11-26.2",
                            "route-map-2026-11-26.1",
                            "netops"));
        }

        @Override
        public ShowcaseOutcome expectedOutcome() {
            return new ShowcaseOutcome(
                    captureScenario().expectedOutcome(),
                    ONSET,
                    List.of(),
                    "network-core",
                    "route-map-2026-11-26.2",
                    30_000,
                    null,
                    0,
                    null,
                    1);
        }
    },

    CONCURRENT_INCIDENTS(
            "concurrent-incidents-payments-and-wiki",
            2003,
            "Two incidents at once: payments (2400 per minute, enterprise) loses card-processor calls"
                    + " from 12:00:00 while 2 % of packets drop between hop1 and hop2; the internal"
                    + " wiki fails half its requests from 12:00:30. The wiki burns faster, payments"
                    + " matters more.") {
        @Override
        Scenario captureScenario() {
            return Scenario.LOSS_2PCT_HOP1_HOP2;
        }

        @Override
        List<ShowcaseFeeds.Symptom> symptoms() {
            return List.of(
                    new ShowcaseFeeds.Symptom("payments", null, "error_ratio", ONSET, 0, 0.06),
                    new ShowcaseFeeds.Symptom(
                            "payments", null, "latency_p99_seconds", ONSET, 0, 1.2),
                    new ShowcaseFeeds.Symptom("wiki", null, "error_ratio", ONSET + 30_000, 0, 0.5),
                    new ShowcaseFeeds.Symptom(
                            "wiki", null, "latency_p99_seconds", ONSET + 30_000, 0, 5.0));
        }

        @Override
        List<ShowcaseFeeds.LogPattern> logPatterns() {
            return List.of(
                    new ShowcaseFeeds.LogPattern(
                            "payments",
                            "payments-1",
                            "ERROR",
                            "card processor timeout after 1500 ms",
                            ONSET + 2_000,
                            5_000),
                    new ShowcaseFeeds.LogPattern(
                            "wiki",
                            "wiki-1",
                            "ERROR",
                            "database connection pool exhausted (50 of 50 in use)",
                            ONSET + 30_000,
                            4_000));
        }

        @Override
        public ShowcaseOutcome expectedOutcome() {
            return new ShowcaseOutcome(
                    captureScenario().expectedOutcome(),
                    ONSET,
                    List.of("payments", "wiki"),
                    null,
                    null,
                    0,
                    null,
                    0,
                    "payments",
                    1);
        }
    },

    MAJOR_OUTAGE(
            "major-outage-core-router",
            2004,
            "r1 fails at 12:00:00: a quarter of client->server packets drop between hop1 and hop2,"
                    + " and web, catalog, checkout and payments fail 90 % of requests with upstream"
                    + " connect errors. The internal wiki is not behind r1 and stays healthy.") {
        @Override
        CaptureSet simulate(long seed) {
            return new ChainSimulator(
                            seed,
                            ChainTopology.standard(),
                            outageConditions(),
                            Scenario.START_EPOCH_NANOS)
                    .run(Scenario.BASELINE.workloads(1.0));
        }

        @Override
        List<ShowcaseFeeds.Symptom> symptoms() {
            List<ShowcaseFeeds.Symptom> out = new java.util.ArrayList<>();
            for (String s : OUTAGE_SERVICES) {
                ShopEnvironment.Service svc = ShopEnvironment.service(s);
                out.add(new ShowcaseFeeds.Symptom(s, null, "error_ratio", ONSET, 0, 0.9));
                out.add(new ShowcaseFeeds.Symptom(s, null, "latency_p99_seconds", ONSET, 0, 10.0));
                out.add(
                        new ShowcaseFeeds.Symptom(
                                s, null, "request_rate", ONSET, 0, svc.baseRequestRate() * 0.2));
            }
            return out;
        }

        @Override
        List<ShowcaseFeeds.LogPattern> logPatterns() {
            List<ShowcaseFeeds.LogPattern> out = new java.util.ArrayList<>();
            for (String s : OUTAGE_SERVICES) {
                String host = ShopEnvironment.service(s).hosts().get(0);
                out.add(
                        new ShowcaseFeeds.LogPattern(
                                s,
                                host,
                                "ERROR",
                                "upstream connect error: no route to host 10.77.3.2",
                                ONSET + 1_000,
                                2_000));
            }
            return out;
        }

        @Override
        public ShowcaseOutcome expectedOutcome() {
            // ~950 client->server packets: 3 binomial standard deviations of a 25 % ratio is 0.042.
            return new ShowcaseOutcome(
                    ExpectedOutcome.derive(
                            ChainTopology.standard(), outageConditions(), 0.045, true),
                    ONSET,
                    List.of("payments", "web", "checkout", "catalog"),
                    null,
                    null,
                    0,
                    null,
                    0,
                    null,
                    1);
        }
    },

    LAUNCH_3X(
            "launch-3x",
            2005,
            "A marketing launch triples traffic from 12:00:00. history-1x.jsonl holds 30 minutes of"
                    + " per-minute KPIs at today's load (the day before), observed-3x.jsonl 30 minutes"
                    + " at the launch's, both measured request by request; slo.yaml is checkout's"
                    + " latency SLO. The network is healthy.") {
        @Override
        Scenario captureScenario() {
            return Scenario.BASELINE;
        }

        @Override
        List<ShowcaseFeeds.Symptom> symptoms() {
            List<ShowcaseFeeds.Symptom> out = new java.util.ArrayList<>();
            for (ShopEnvironment.Service s : ShopEnvironment.SERVICES) {
                if (s.name().equals("wiki")) {
                    continue;
                }
                out.add(
                        new ShowcaseFeeds.Symptom(
                                s.name(), null, "request_rate", ONSET, 0, 3 * s.baseRequestRate()));
                for (String h : s.hosts()) {
                    out.add(
                            new ShowcaseFeeds.Symptom(
                                    s.name(),
                                    h,
                                    "cpu_utilization",
                                    ONSET,
                                    0,
                                    Math.min(0.9, 2.4 * s.baseCpu())));
                }
            }
            return out;
        }

        @Override
        public ShowcaseOutcome expectedOutcome() {
            return new ShowcaseOutcome(
                    captureScenario().expectedOutcome(),
                    ONSET,
                    List.of(),
                    null,
                    null,
                    0,
                    null,
                    0,
                    null,
                    3);
        }
    };

    /** The onset, epoch ms: the capture window's start. */
    public static final long ONSET = Scenario.START_EPOCH_NANOS / 1_000_000;

    /** Minutes of history and of observation the launch showcase writes. */
    public static final int LAUNCH_MINUTES = 30;

    static final List<String> OUTAGE_SERVICES = List.of("web", "catalog", "checkout", "payments");

    private final String id;
    private final long seed;
    private final String description;

    Showcase(String id, long seed, String description) {
        this.id = id;
        this.seed = seed;
        this.description = description;
    }

    static NetworkConditions outageConditions() {
        return NetworkConditions.none()
                .on(ChainTopology.HOP1, ChainTopology.HOP2, SegmentImpairment.loss(0.25));
    }

    public String id() {
        return id;
    }

    public long defaultSeed() {
        return seed;
    }

    public String description() {
        return description;
    }

    /** The capture scenario whose packets this showcase uses, or null for its own conditions. */
    Scenario captureScenario() {
        return null;
    }

    /** The capture set: one second of the standard traffic under the showcase's conditions. */
    CaptureSet simulate(long seed) {
        return captureScenario().simulate(seed, 1.0);
    }

    /** Topology of the capture chain (asymmetric for the routing change). */
    ChainTopology chainTopology() {
        return captureScenario() == null ? ChainTopology.standard() : captureScenario().topology();
    }

    List<DeployEvent> changes() {
        return List.of();
    }

    List<ShowcaseFeeds.Symptom> symptoms() {
        return List.of();
    }

    List<ShowcaseFeeds.LogPattern> logPatterns() {
        return List.of();
    }

    public abstract ShowcaseOutcome expectedOutcome();

    /** The side feeds, a function of the seed. */
    public ShowcaseFeeds feeds(long seed) {
        return ShowcaseFeeds.generate(seed, ONSET, symptoms(), logPatterns(), changes());
    }

    public static Showcase byId(String id) {
        for (Showcase s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown showcase '" + id + "'");
    }
}
