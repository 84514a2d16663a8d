package io.phalanx.core.twin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Estimates a service's station from observed KPIs or replayed per-minute history, so that the
 * model can be asked about loads the service has not seen yet.
 *
 * <p>Mean service time: when utilisation is reported, the utilisation law over the whole history (Σ
 * U·c / Σ λ, total busy server-seconds per request, which weights busy minutes more and is unbiased
 * by idle ones); otherwise the value for which the M/M/c mean response equals the observed mean
 * (or, with only a p99 reported, for which the exact M/M/c p99 equals it), per interval, combined
 * by the median (robust to a few minutes of garbage).
 *
 * <p>Variability: with utilisation and latency both known, each interval at utilisation ≥ 0.3 gives
 * an observed queueing delay Wq = W − E[S]; the ratio of their sum to the sum of the M/M/c waits is
 * (1 + cs²)/2 under Allen–Cunneen with Poisson arrivals, which yields cs², clamped to [0, 25].
 * Below 0.3 utilisation the wait is too small a difference of two noisy numbers to carry
 * information, and with fewer than five such intervals the estimate is left to chance: then SCV 1
 * (exponential) is assumed.
 */
public final class Calibration {
    /** Intervals below this utilisation say little about service-time variability. */
    static final double MIN_UTILISATION_FOR_SCV = 0.3;

    /**
     * Fewer such intervals leave the SCV to chance: in the launch showcase, two or three minutes
     * just above ρ = 0.3 gave SCVs from 0 to 3.7 for an exponential service.
     */
    static final int MIN_INTERVALS_FOR_SCV = 5;

    private Calibration() {}

    /** E[S] = U·c / λ. */
    public static double serviceTimeFromUtilisation(
            double arrivalRate, double utilisation, int servers) {
        return utilisation * servers / arrivalRate;
    }

    /**
     * The mean service time for which an M/M/c station with this arrival rate has the given mean
     * response time, by bisection on (0, min(W, c/λ)): the M/M/c response is increasing in E[S], at
     * least E[S], and unbounded as E[S] approaches c/λ, so the root is bracketed and unique.
     */
    public static double serviceTimeFromMeanResponse(
            double arrivalRate, int servers, double meanResponseSeconds) {
        if (!(meanResponseSeconds > 0)) {
            throw new IllegalArgumentException("mean response must be > 0");
        }
        if (arrivalRate <= 0) {
            return meanResponseSeconds;
        }
        double lo = 0;
        double hi = Math.min(meanResponseSeconds, servers / arrivalRate);
        for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            double w = mmcMeanResponse(arrivalRate, servers, mid);
            if (w > meanResponseSeconds) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double mmcMeanResponse(double arrivalRate, int servers, double meanService) {
        return QueueingStation.of(
                        "calibration", servers, ServiceTimeDistribution.exponential(meanService))
                .predict(arrivalRate)
                .meanResponse();
    }

    /**
     * The mean service time for which an exponential M/M/c station at this arrival rate has the
     * given response-time quantile, by bisection: the quantile is increasing in E[S] and at least
     * the service time's own quantile E[S]·ln(1/(1 − q)), which bounds the bracket from above
     * together with c/λ.
     */
    public static double serviceTimeFromResponsePercentile(
            double arrivalRate, int servers, double quantile, double responseSeconds) {
        if (!(responseSeconds > 0)) {
            throw new IllegalArgumentException("response percentile must be > 0");
        }
        double hi = responseSeconds / Math.log(1 / (1 - quantile));
        if (arrivalRate > 0) {
            hi = Math.min(hi, servers / arrivalRate);
        }
        double lo = 0;
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            double t =
                    QueueingStation.of(
                                    "calibration",
                                    servers,
                                    ServiceTimeDistribution.exponential(mid))
                            .predict(arrivalRate)
                            .responsePercentile(quantile);
            if (t > responseSeconds) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Calibrates one service from its history (intervals with no traffic are ignored). */
    public static CalibratedService calibrate(String name, int servers, List<KpiSample> history) {
        List<KpiSample> busy = history.stream().filter(k -> k.arrivalRate() > 0).toList();
        double busyServerSeconds = 0;
        double requests = 0;
        int withUtilisation = 0;
        List<Double> inverted = new ArrayList<>();
        List<Double> fromP99 = new ArrayList<>();
        for (KpiSample k : busy) {
            if (k.hasUtilisation()) {
                busyServerSeconds += k.utilisation() * servers;
                requests += k.arrivalRate();
                withUtilisation++;
            } else if (k.hasLatency()) {
                inverted.add(
                        serviceTimeFromMeanResponse(
                                k.arrivalRate(), servers, k.meanResponseSeconds()));
            } else if (k.hasP99()) {
                fromP99.add(
                        serviceTimeFromResponsePercentile(
                                k.arrivalRate(), servers, 0.99, k.p99ResponseSeconds()));
            }
        }
        double meanService;
        CalibratedService.Method method;
        int used;
        if (withUtilisation > 0) {
            meanService = busyServerSeconds / requests;
            method = CalibratedService.Method.UTILISATION_LAW;
            used = withUtilisation;
        } else if (!inverted.isEmpty()) {
            meanService = median(inverted);
            method = CalibratedService.Method.MEAN_RESPONSE_INVERSION;
            used = inverted.size();
        } else if (!fromP99.isEmpty()) {
            meanService = median(fromP99);
            method = CalibratedService.Method.PERCENTILE_INVERSION;
            used = fromP99.size();
        } else {
            throw new IllegalArgumentException(
                    name
                            + ": no interval with traffic and a utilisation, mean or p99 to calibrate from");
        }
        double mmcWaits = 0;
        double observedWaits = 0;
        int qualifying = 0;
        for (KpiSample k : busy) {
            double rho = k.arrivalRate() * meanService / servers;
            if (!k.hasUtilisation()
                    || !k.hasLatency()
                    || rho < MIN_UTILISATION_FOR_SCV
                    || rho >= 1) {
                continue;
            }
            mmcWaits += mmcMeanResponse(k.arrivalRate(), servers, meanService) - meanService;
            observedWaits += Math.max(0, k.meanResponseSeconds() - meanService);
            qualifying++;
        }
        boolean observed = qualifying >= MIN_INTERVALS_FOR_SCV && mmcWaits > 0;
        double scv = observed ? Math.max(0, Math.min(25, 2 * observedWaits / mmcWaits - 1)) : 1;
        ServiceTimeDistribution s =
                !observed || Math.abs(scv - 1) < 0.05
                        ? ServiceTimeDistribution.exponential(meanService)
                        : ServiceTimeDistribution.general(meanService, scv);
        return new CalibratedService(QueueingStation.of(name, servers, s), method, used, observed);
    }

    /**
     * The topology with every service that has history replaced by its calibrated station (same
     * server count and capacity cap as before); services without history, or whose history has no
     * interval with traffic, keep their declared stations.
     */
    public static ServiceTopology calibrate(
            ServiceTopology topology, Map<String, List<KpiSample>> historyByService) {
        ServiceTopology t = topology;
        for (Map.Entry<String, List<KpiSample>> e : historyByService.entrySet()) {
            QueueingStation before = topology.services().get(e.getKey());
            if (before == null) {
                throw new IllegalArgumentException("history for unknown service " + e.getKey());
            }
            if (e.getValue().stream().noneMatch(Calibration::usable)) {
                continue; // an idle service teaches nothing; keep what was declared
            }
            QueueingStation fitted =
                    calibrate(e.getKey(), before.servers(), e.getValue()).station();
            t =
                    t.withService(
                            new QueueingStation(
                                    before.name(),
                                    before.servers(),
                                    fitted.serviceTime(),
                                    before.maxInSystem()));
        }
        return t;
    }

    private static boolean usable(KpiSample k) {
        return k.arrivalRate() > 0 && (k.hasUtilisation() || k.hasLatency() || k.hasP99());
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
