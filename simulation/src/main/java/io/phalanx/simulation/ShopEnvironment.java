package io.phalanx.simulation;

import io.phalanx.core.twin.Link;
import io.phalanx.core.twin.QueueingStation;
import io.phalanx.core.twin.RequestClass;
import io.phalanx.core.twin.RequestPath;
import io.phalanx.core.twin.ServiceTimeDistribution;
import io.phalanx.core.twin.ServiceTopology;
import java.util.List;

/**
 * The environment every showcase runs in: an online shop (web, catalog, checkout, payments, db)
 * plus an internal wiki, their hosts, their business value, and the queueing structure the launch
 * showcase simulates request by request. The capture chain of {@link ChainTopology} is the path
 * from the users' edge (client 10.77.1.2) to checkout-1 (server 10.77.3.2).
 */
public final class ShopEnvironment {
    /**
     * One service: its hosts, its business value as the impact feed states it, and the baseline of
     * its per-service metrics.
     *
     * @param baseRequestRate requests per second on an ordinary afternoon
     * @param baseP99Seconds response-time p99 on an ordinary afternoon
     */
    public record Service(
            String name,
            List<String> hosts,
            double revenuePerMinute,
            String customerTier,
            long users,
            double baseRequestRate,
            double baseP99Seconds,
            double baseCpu) {}

    public static final List<Service> SERVICES =
            List.of(
                    new Service(
                            "web",
                            List.of("web-1", "web-2"),
                            1500,
                            "self-serve",
                            400_000,
                            38,
                            0.080,
                            0.32),
                    new Service(
                            "catalog",
                            List.of("catalog-1"),
                            300,
                            "self-serve",
                            400_000,
                            30,
                            0.060,
                            0.30),
                    new Service(
                            "checkout",
                            List.of("checkout-1", "checkout-2"),
                            1200,
                            "enterprise",
                            50_000,
                            8,
                            0.250,
                            0.35),
                    new Service(
                            "payments",
                            List.of("payments-1"),
                            2400,
                            "enterprise",
                            250_000,
                            8,
                            0.300,
                            0.28),
                    new Service("db", List.of("db-1"), 0, "business", 400_000, 38, 0.015, 0.40),
                    new Service("wiki", List.of("wiki-1"), 0, "internal", 40, 2, 0.200, 0.10));

    /** The host behind the capture chain's server address. */
    public static final String CHAIN_SERVER_HOST = "checkout-1";

    /** Request classes of the shop at load multiplier 1, requests per second. */
    public static final double BROWSE_RATE = 30;

    public static final double BUY_RATE = 8;

    private ShopEnvironment() {}

    public static Service service(String name) {
        return SERVICES.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /**
     * The shop as it really is, for the request-by-request simulation: service-time families the
     * twin is not told (catalog lognormal with SCV 2, checkout Gamma with SCV 0.5, db fixed 6 ms),
     * an edge link and a slower backup edge link. At ×3 of the base rates the busiest station
     * (payments) runs at ρ ≈ 0.84 and none saturates.
     */
    public static ServiceTopology trueShop() {
        return ServiceTopology.builder()
                .link(Link.of("edge", 1e9, 2, 200e3))
                .link(Link.of("backup-edge", 100e6, 12, 200e3))
                .service(QueueingStation.of("web", 3, ServiceTimeDistribution.exponential(0.020)))
                .service(
                        QueueingStation.of(
                                "catalog", 3, ServiceTimeDistribution.lognormal(0.025, 2)))
                .service(
                        QueueingStation.of(
                                "checkout", 2, ServiceTimeDistribution.general(0.060, 0.5)))
                .service(
                        QueueingStation.of(
                                "payments", 2, ServiceTimeDistribution.exponential(0.065)))
                .service(QueueingStation.of("db", 2, ServiceTimeDistribution.deterministic(0.006)))
                .requestClass(
                        RequestClass.of(
                                "browse",
                                BROWSE_RATE,
                                RequestPath.through("edge", "web", "catalog", "db"),
                                RequestPath.through("backup-edge", "web", "catalog", "db")))
                .requestClass(
                        RequestClass.of(
                                "buy",
                                BUY_RATE,
                                RequestPath.through("edge", "web", "checkout", "payments", "db"),
                                RequestPath.through(
                                        "backup-edge", "web", "checkout", "payments", "db")))
                .build();
    }

    /**
     * What an operator declares to the twin: the structure and server counts, but every service
     * time unknown (the twin's 10 ms placeholder), so calibration must find them.
     */
    public static ServiceTopology declaredShop() {
        ServiceTopology t = trueShop();
        for (QueueingStation s : trueShop().services().values()) {
            t =
                    t.withService(
                            QueueingStation.of(
                                    s.name(),
                                    s.servers(),
                                    ServiceTimeDistribution.exponential(0.010)));
        }
        return t;
    }
}
