package io.phalanx.core.twin;

/**
 * A service's station as estimated from history, with how it was estimated.
 *
 * @param samplesUsed intervals that contributed to the service-time estimate
 * @param scvObserved true when the service-time variability came from queueing delay observed at
 *     meaningful load; false when it is the exponential default (SCV 1)
 */
public record CalibratedService(
        QueueingStation station, Method method, int samplesUsed, boolean scvObserved) {

    /** Where the mean service time came from. */
    public enum Method {
        /** U = λ·E[S]/c: busy server-seconds over requests. Needs utilisation. */
        UTILISATION_LAW,
        /** The E[S] for which the M/M/c mean response equals the observed one. */
        MEAN_RESPONSE_INVERSION,
        /** The E[S] for which the exact M/M/c p99 equals the observed one. */
        PERCENTILE_INVERSION
    }

    public double meanServiceSeconds() {
        return station.serviceTime().meanSeconds();
    }
}
