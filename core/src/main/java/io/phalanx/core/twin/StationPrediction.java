package io.phalanx.core.twin;

/**
 * What a {@link QueueingStation} does under a given arrival rate: steady-state means, utilisation,
 * blocking, and the response-time distribution (wait + own service).
 *
 * <p>A station whose offered load reaches its capacity with an unbounded queue is {@link
 * #saturated()}: it has no steady state, so waits and responses are +∞, percentiles +∞ and the
 * fraction within any threshold 0 — never NaN, so callers can sort and compare. A finite-queue
 * station stays finite past saturation and shows the overload as {@link #blockingProbability()}
 * instead (it is still flagged saturated).
 *
 * @param arrivalRate requests per second offered to the station (before blocking)
 * @param offeredUtilisation λ / (cμ); can exceed 1, it is what the load would need
 * @param utilisation fraction of server capacity actually busy, ≤ 1 (after blocking)
 * @param blockingProbability fraction of arrivals refused because the system is full
 * @param waitingTime the queueing delay of an admitted request
 */
public record StationPrediction(
        QueueingStation station,
        double arrivalRate,
        double offeredUtilisation,
        double utilisation,
        boolean saturated,
        double blockingProbability,
        WaitingTime waitingTime) {

    /** Requests per second that complete (arrivals minus those blocked). */
    public double throughput() {
        return arrivalRate * (1 - blockingProbability);
    }

    public double probabilityOfWaiting() {
        return waitingTime.probabilityOfWaiting();
    }

    /** Mean queueing delay Wq of an admitted request, seconds. */
    public double meanWait() {
        return waitingTime.mean();
    }

    /** Mean response (sojourn) time W = Wq + E[S] of an admitted request, seconds. */
    public double meanResponse() {
        return waitingTime.mean() + station.serviceTime().meanSeconds();
    }

    /** Var(W), treating queueing delay and own service time as independent (exact for FCFS). */
    public double responseVariance() {
        double wq = waitingTime.mean();
        return waitingTime.secondMoment() - wq * wq + station.serviceTime().variance();
    }

    /** Mean number in the system by Little's law over admitted requests. */
    public double meanInSystem() {
        return throughput() * meanResponse();
    }

    /**
     * P(response ≤ t) for an admitted request. Exact for M/M/c with an unbounded queue
     * (hypoexponential wait + service) and for deterministic service (a shifted wait); otherwise
     * the convolution of the wait with the service-time CDF is integrated numerically over 512
     * service-time cells (error well below 1e-3 in probability for the families here).
     */
    public double responseCdf(double t) {
        if (t <= 0 || saturated && waitingTime instanceof WaitingTime.Unbounded) {
            return 0;
        }
        ServiceTimeDistribution s = station.serviceTime();
        if (s.scv() == 0) {
            return 1 - waitingTime.exceeds(t - s.meanSeconds());
        }
        if (s.family() == ServiceTimeDistribution.Family.EXPONENTIAL
                && waitingTime instanceof WaitingTime.ExponentialTail tail) {
            double mu = s.ratePerServer();
            double theta = tail.rate();
            double p = tail.probabilityOfWaiting();
            double serviceOnly = -Math.expm1(-mu * t);
            double sumOfTwo;
            if (Math.abs(theta - mu) < 1e-9 * mu) {
                sumOfTwo = 1 - Math.exp(-mu * t) * (1 + mu * t);
            } else {
                sumOfTwo =
                        1 - (mu * Math.exp(-theta * t) - theta * Math.exp(-mu * t)) / (mu - theta);
            }
            return (1 - p) * serviceOnly + p * sumOfTwo;
        }
        int cells = 512;
        double h = t / cells;
        double previous = 0;
        double sum = 0;
        for (int i = 1; i <= cells; i++) {
            double current = s.cdf(i * h);
            sum += (current - previous) * (1 - waitingTime.exceeds(t - (i - 0.5) * h));
            previous = current;
        }
        return Math.min(1, sum);
    }

    /** The q-quantile of the response time (e.g. q = 0.99 for p99), seconds; +∞ when saturated. */
    public double responsePercentile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1): " + q);
        }
        if (saturated && waitingTime instanceof WaitingTime.Unbounded) {
            return Double.POSITIVE_INFINITY;
        }
        return SpecialFunctions.invertIncreasing(
                this::responseCdf, q, 0, Math.max(meanResponse(), 1e-12), 1e-10);
    }

    /**
     * Fraction of all offered requests that complete within t: blocked requests count as missing
     * the objective, which is how an SLO on "good requests" sees a rejection.
     */
    public double fractionWithin(double t) {
        return (1 - blockingProbability) * responseCdf(t);
    }
}
