package io.phalanx.core.twin;

import java.util.Map;

/**
 * Stations, topologies and simulation plans for the twin tests, named for what they are in the
 * textbooks (M/M/1, M/M/c, M/D/1) or in the scenario (a web shop: an edge link, a frontend, a
 * checkout service, a database), so that a test body reads like the question it asks.
 *
 * <p>Times are in seconds throughout; the textbook stations use μ = 1 so that their numbers match
 * the published ones directly.
 */
abstract class TwinTestBase {
    /** Closed forms evaluated by the model should match textbook arithmetic to rounding error. */
    static final double EXACT = 1e-9;

    // ---- textbook stations -------------------------------------------------------------

    /** M/M/1 with service rate μ (per second). */
    static QueueingStation mm1(double mu) {
        return QueueingStation.of("mm1", 1, ServiceTimeDistribution.exponential(1 / mu));
    }

    /** M/M/c with c servers of rate μ each. */
    static QueueingStation mmc(int servers, double mu) {
        return QueueingStation.of("mmc", servers, ServiceTimeDistribution.exponential(1 / mu));
    }

    /** M/D/1 with a fixed service time. */
    static QueueingStation md1(double serviceSeconds) {
        return QueueingStation.of("md1", 1, ServiceTimeDistribution.deterministic(serviceSeconds));
    }

    /** M/M/c/K: c servers and at most K requests in the system. */
    static QueueingStation mmck(int servers, int maxInSystem, double mu) {
        return new QueueingStation(
                "mmck", servers, ServiceTimeDistribution.exponential(1 / mu), maxInSystem);
    }

    /** c servers with lognormal service times (heavy right tail). */
    static QueueingStation lognormalStation(int servers, double meanSeconds, double scv) {
        return QueueingStation.of(
                "logn", servers, ServiceTimeDistribution.lognormal(meanSeconds, scv));
    }

    // ---- the web-shop topology -------------------------------------------------------------

    static final String EDGE = "edge-link";
    static final String BACKUP_EDGE = "backup-edge-link";
    static final String FRONTEND = "frontend";
    static final String CHECKOUT = "checkout";
    static final String DB = "db";
    static final String BROWSE = "browse";
    static final String BUY = "buy";

    /**
     * Browse: edge link → frontend → db. Buy: edge link → frontend → checkout → db ×2. Both fall
     * back to the backup edge link when the edge link is gone. At multiplier 1: browse 100/s, buy
     * 30/s.
     *
     * <ul>
     *   <li>edge link: 100 Mbit/s, 2 ms base latency, 200 kbit messages → 500 msg/s capacity; 130/s
     *       → ρ = 0.26, saturates at ×3.85
     *   <li>backup edge link: 50 Mbit/s, 15 ms base latency, 200 kbit → 250 msg/s
     *   <li>frontend: 4 servers × 10 ms exp → 400/s; 130/s → ρ = 0.325, saturates at ×3.08
     *   <li>checkout: 2 servers × 25 ms exp → 80/s; 30/s → ρ = 0.375, saturates at ×2.67
     *   <li>db: 8 servers × 20 ms exp → 400/s; 100 + 60 = 160/s → ρ = 0.4, saturates at ×2.5
     * </ul>
     */
    static ServiceTopology webShop() {
        return ServiceTopology.builder()
                .link(Link.of(EDGE, 100e6, 2, 200e3))
                .link(Link.of(BACKUP_EDGE, 50e6, 15, 200e3))
                .service(
                        QueueingStation.of(FRONTEND, 4, ServiceTimeDistribution.exponential(0.010)))
                .service(
                        QueueingStation.of(CHECKOUT, 2, ServiceTimeDistribution.exponential(0.025)))
                .service(QueueingStation.of(DB, 8, ServiceTimeDistribution.exponential(0.020)))
                .requestClass(
                        RequestClass.of(
                                BROWSE,
                                100,
                                RequestPath.through(EDGE, FRONTEND, DB),
                                RequestPath.through(BACKUP_EDGE, FRONTEND, DB)))
                .requestClass(RequestClass.of(BUY, 30, buyPath(EDGE), buyPath(BACKUP_EDGE)))
                .build();
    }

    private static RequestPath buyPath(String edge) {
        return new RequestPath(
                java.util.List.of(
                        new RequestPath.Visit(edge, 1),
                        new RequestPath.Visit(FRONTEND, 1),
                        new RequestPath.Visit(CHECKOUT, 1),
                        new RequestPath.Visit(DB, 2)));
    }

    /** Two identical M/M/1 stations in tandem, one class, no links. */
    static ServiceTopology tandem(double lambda, double mu1, double mu2) {
        return ServiceTopology.builder()
                .service(
                        QueueingStation.of(
                                "first", 1, ServiceTimeDistribution.exponential(1 / mu1)))
                .service(
                        QueueingStation.of(
                                "second", 1, ServiceTimeDistribution.exponential(1 / mu2)))
                .requestClass(
                        RequestClass.of("flow", lambda, RequestPath.through("first", "second")))
                .build();
    }

    static Map<String, LatencyObjective> webShopObjectives() {
        return Map.of(
                BROWSE, LatencyObjective.percentileUnder(0.99, 0.150),
                BUY, LatencyObjective.percentileUnder(0.99, 0.400));
    }

    // ---- simulation ------------------------------------------------------------------------

    /**
     * A plan measuring about {@code customers} arrivals at the given rate, after a warm-up of a
     * tenth of that, in 20 batches (19 degrees of freedom: t = 2.09).
     */
    static SimulationPlan planFor(long seed, double arrivalRate, int customers) {
        double measured = customers / arrivalRate;
        return new SimulationPlan(seed, measured / 10, measured, 20);
    }

    static SimulationResult simulate(
            QueueingStation station, double lambda, long seed, int customers) {
        return DiscreteEventSimulator.ofStation(station, lambda)
                .run(planFor(seed, lambda, customers));
    }

    static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }
}
