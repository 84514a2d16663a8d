package io.phalanx.core.twin;

import java.util.SplittableRandom;

/**
 * How long one server takes for one request (or one link for one message), described by its family,
 * its mean and its squared coefficient of variation (SCV = variance / mean²). The analytic model
 * uses only the mean and the SCV (Allen–Cunneen); the family decides the shape of the response-time
 * distribution and what the discrete-event simulator samples.
 *
 * @param meanSeconds mean time per request on one server, > 0
 * @param scv 1 for exponential, 0 for deterministic, anything ≥ 0 for lognormal and general
 */
public record ServiceTimeDistribution(Family family, double meanSeconds, double scv) {

    /** The shape of the service-time distribution. */
    public enum Family {
        /** Memoryless; with Poisson arrivals the station is M/M/c and everything is exact. */
        EXPONENTIAL,
        /** A fixed time, e.g. a fixed-size message on a link (M/D/c). */
        DETERMINISTIC,
        /** Heavy right tail, typical of observed RPC handler times. */
        LOGNORMAL,
        /** Only the first two moments are known; shaped as a Gamma with that mean and SCV. */
        GENERAL
    }

    public ServiceTimeDistribution {
        if (!(meanSeconds > 0) || Double.isInfinite(meanSeconds)) {
            throw new IllegalArgumentException("mean service time must be > 0: " + meanSeconds);
        }
        if (!(scv >= 0) || Double.isInfinite(scv)) {
            throw new IllegalArgumentException("SCV must be >= 0: " + scv);
        }
        if (family == Family.EXPONENTIAL && scv != 1) {
            throw new IllegalArgumentException("exponential service has SCV 1, not " + scv);
        }
        if (family == Family.DETERMINISTIC && scv != 0) {
            throw new IllegalArgumentException("deterministic service has SCV 0, not " + scv);
        }
    }

    public static ServiceTimeDistribution exponential(double meanSeconds) {
        return new ServiceTimeDistribution(Family.EXPONENTIAL, meanSeconds, 1);
    }

    public static ServiceTimeDistribution deterministic(double seconds) {
        return new ServiceTimeDistribution(Family.DETERMINISTIC, seconds, 0);
    }

    public static ServiceTimeDistribution lognormal(double meanSeconds, double scv) {
        return new ServiceTimeDistribution(Family.LOGNORMAL, meanSeconds, scv);
    }

    public static ServiceTimeDistribution general(double meanSeconds, double scv) {
        return new ServiceTimeDistribution(Family.GENERAL, meanSeconds, scv);
    }

    /** Service completions per second of one busy server (μ). */
    public double ratePerServer() {
        return 1 / meanSeconds;
    }

    public double variance() {
        return scv * meanSeconds * meanSeconds;
    }

    /** Same family and SCV, different mean: what a faster or slower build of the service is. */
    public ServiceTimeDistribution withMean(double newMeanSeconds) {
        return new ServiceTimeDistribution(family, newMeanSeconds, scv);
    }

    /** P(S ≤ t). A zero-SCV lognormal or general collapses to the deterministic step. */
    public double cdf(double t) {
        if (t < 0) {
            return 0;
        }
        if (scv == 0) {
            return t >= meanSeconds ? 1 : 0;
        }
        switch (family) {
            case EXPONENTIAL:
                return -Math.expm1(-t / meanSeconds);
            case LOGNORMAL:
                if (t == 0) {
                    return 0;
                }
                double sigma2 = Math.log1p(scv);
                double mu = Math.log(meanSeconds) - sigma2 / 2;
                return SpecialFunctions.normalCdf((Math.log(t) - mu) / Math.sqrt(sigma2));
            case GENERAL:
                return SpecialFunctions.regularizedGammaP(1 / scv, t / (meanSeconds * scv));
            default:
                throw new IllegalStateException("unreachable: " + family);
        }
    }

    /** One draw, for the simulator; the generator is the caller's so a run is reproducible. */
    double sample(SplittableRandom random) {
        if (scv == 0) {
            return meanSeconds;
        }
        switch (family) {
            case EXPONENTIAL:
                return -meanSeconds * Math.log(1 - random.nextDouble());
            case LOGNORMAL:
                double sigma2 = Math.log1p(scv);
                double mu = Math.log(meanSeconds) - sigma2 / 2;
                return Math.exp(mu + Math.sqrt(sigma2) * gaussian(random));
            case GENERAL:
                return meanSeconds * scv * gammaShapeScaleOne(1 / scv, random);
            default:
                throw new IllegalStateException("unreachable: " + family);
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller; one of the pair is discarded, which costs speed, not correctness.
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Marsaglia–Tsang; shape below 1 via the Gamma(shape + 1) · U^(1/shape) boost. */
    private static double gammaShapeScaleOne(double shape, SplittableRandom random) {
        if (shape < 1) {
            double u = 1 - random.nextDouble();
            return gammaShapeScaleOne(shape + 1, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
