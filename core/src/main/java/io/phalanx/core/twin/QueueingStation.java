package io.phalanx.core.twin;

/**
 * A service (or a link's transmitter) seen as a queue: {@code servers} identical servers (replicas
 * × worker concurrency) fed by one FCFS queue, with a service-time distribution and an optional cap
 * on how many requests may be in the system at once (a concurrency limit plus queue slots); an
 * arrival that finds the cap reached is refused.
 *
 * <p>{@link #predict} assumes steady state and Poisson-like arrivals by default. With an unbounded
 * queue: M/M/c is exact (Erlang C), anything else uses the Allen–Cunneen approximation Wq ≈ C(c,
 * a)/(cμ − λ) · (ca² + cs²)/2, which is exact for M/G/1 (Pollaczek–Khinchine) and within a few
 * percent for M/G/c in the usual ranges. With a cap: M/M/c/K state probabilities (exact for
 * exponential service, an approximation for other families that keeps the mean).
 *
 * @param name unique among the topology's services and links
 * @param servers c ≥ 1
 * @param maxInSystem K ≥ c, or {@link #UNLIMITED}
 */
public record QueueingStation(
        String name, int servers, ServiceTimeDistribution serviceTime, int maxInSystem) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public QueueingStation {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a station needs a name");
        }
        if (servers < 1) {
            throw new IllegalArgumentException(name + ": servers must be >= 1, got " + servers);
        }
        if (maxInSystem < servers) {
            throw new IllegalArgumentException(
                    name + ": maxInSystem " + maxInSystem + " < servers " + servers);
        }
    }

    /** A station with an unbounded queue. */
    public static QueueingStation of(
            String name, int servers, ServiceTimeDistribution serviceTime) {
        return new QueueingStation(name, servers, serviceTime, UNLIMITED);
    }

    public boolean hasFiniteCapacity() {
        return maxInSystem != UNLIMITED;
    }

    public QueueingStation withServers(int newServers) {
        return new QueueingStation(
                name,
                newServers,
                serviceTime,
                hasFiniteCapacity() ? Math.max(maxInSystem, newServers) : UNLIMITED);
    }

    /** Requests per second the station completes when every server is busy (cμ). */
    public double capacity() {
        return servers / serviceTime.meanSeconds();
    }

    /** Steady state under Poisson arrivals at {@code arrivalRate} per second. */
    public StationPrediction predict(double arrivalRate) {
        return predict(arrivalRate, 1);
    }

    /**
     * Steady state under arrivals with the given rate and squared coefficient of variation of
     * inter-arrival times (1 = Poisson; only the unbounded-queue approximation uses it).
     */
    public StationPrediction predict(double arrivalRate, double arrivalScv) {
        if (!(arrivalRate >= 0) || Double.isInfinite(arrivalRate)) {
            throw new IllegalArgumentException(
                    name + ": arrival rate must be >= 0: " + arrivalRate);
        }
        double mean = serviceTime.meanSeconds();
        double offered = arrivalRate * mean;
        double rho = offered / servers;
        boolean saturated = rho >= 1;
        if (arrivalRate == 0) {
            return new StationPrediction(
                    this, 0, 0, 0, false, 0, new WaitingTime.ExponentialTail(0, capacity()));
        }
        if (hasFiniteCapacity()) {
            return finiteQueue(arrivalRate, offered, rho, saturated);
        }
        if (saturated) {
            return new StationPrediction(
                    this, arrivalRate, rho, 1, true, 0, new WaitingTime.Unbounded());
        }
        double pWait = Erlang.probabilityOfWaiting(servers, offered);
        double allenCunneen = (arrivalScv + serviceTime.scv()) / 2;
        double tailRate = (capacity() - arrivalRate) / allenCunneen;
        WaitingTime wait =
                allenCunneen == 0
                        ? new WaitingTime.ExponentialTail(0, capacity())
                        : new WaitingTime.ExponentialTail(pWait, tailRate);
        return new StationPrediction(this, arrivalRate, rho, rho, false, 0, wait);
    }

    private StationPrediction finiteQueue(
            double arrivalRate, double offered, double rho, boolean saturated) {
        int k = maxInSystem;
        // log p_n up to a constant, normalised by log-sum-exp: a^n/n! overflows long before c =
        // 200.
        double[] logP = new double[k + 1];
        double logA = Math.log(offered);
        double logRho = Math.log(rho);
        double max = 0;
        for (int n = 1; n <= k; n++) {
            logP[n] = n <= servers ? logP[n - 1] + logA - Math.log(n) : logP[n - 1] + logRho;
            max = Math.max(max, logP[n]);
        }
        double norm = 0;
        for (int n = 0; n <= k; n++) {
            norm += Math.exp(logP[n] - max);
        }
        double blocking = Math.exp(logP[k] - max) / norm;
        double admitted = 1 - blocking;
        double[] weights = new double[k - servers];
        for (int n = servers; n < k; n++) {
            // PASTA: an admitted arrival sees n with probability p_n / (1 - p_K).
            weights[n - servers] = Math.exp(logP[n] - max) / norm / admitted;
        }
        double utilisation = arrivalRate * admitted * serviceTime.meanSeconds() / servers;
        return new StationPrediction(
                this,
                arrivalRate,
                rho,
                utilisation,
                saturated,
                blocking,
                new WaitingTime.ErlangMixture(weights, capacity()));
    }
}
