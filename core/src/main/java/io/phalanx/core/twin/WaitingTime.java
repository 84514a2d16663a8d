package io.phalanx.core.twin;

/**
 * The time an admitted request spends queued before a server takes it: an atom at zero (no wait)
 * plus a continuous part. Kept as a distribution, not just a mean, so that response-time
 * percentiles follow from it.
 */
public sealed interface WaitingTime {

    /** P(Wq > t). */
    double exceeds(double t);

    double mean();

    double secondMoment();

    /** Probability that an admitted request waits at all. */
    double probabilityOfWaiting();

    /**
     * Infinite queue: waits with probability p, and then for an exponential time of the given rate.
     * Exact for M/M/c (p = Erlang C, rate = cμ − λ); for G/G/c this is the usual heavy-traffic
     * shape with the Allen–Cunneen mean.
     */
    record ExponentialTail(double probabilityOfWaiting, double rate) implements WaitingTime {
        @Override
        public double exceeds(double t) {
            return t < 0 ? 1 : probabilityOfWaiting * Math.exp(-rate * t);
        }

        @Override
        public double mean() {
            return probabilityOfWaiting / rate;
        }

        @Override
        public double secondMoment() {
            return 2 * probabilityOfWaiting / (rate * rate);
        }
    }

    /**
     * Finite queue (M/M/c/K): an admitted arrival that finds n ≥ c in the system waits for n − c +
     * 1 completions at rate cμ, an Erlang(n − c + 1, cμ) time. {@code weights[k − 1]} is the
     * probability that an admitted arrival waits for k completions.
     */
    record ErlangMixture(double[] weights, double rate) implements WaitingTime {
        @Override
        public double exceeds(double t) {
            if (t < 0) {
                return 1;
            }
            // P(Erlang(k, r) > t) = e^{-rt} Σ_{j<k} (rt)^j / j!, accumulated across k.
            // Terms in log space: e^{-x} alone underflows for x > 745 while x^j / j! need not.
            double x = rate * t;
            double logX = Math.log(x);
            double logTerm = -x;
            double poissonTail = 0;
            double p = 0;
            for (int k = 1; k <= weights.length; k++) {
                poissonTail += Math.exp(logTerm);
                logTerm += logX - Math.log(k);
                p += weights[k - 1] * poissonTail;
            }
            return Math.min(1, p);
        }

        @Override
        public double mean() {
            double m = 0;
            for (int k = 1; k <= weights.length; k++) {
                m += weights[k - 1] * k / rate;
            }
            return m;
        }

        @Override
        public double secondMoment() {
            double m = 0;
            for (int k = 1; k <= weights.length; k++) {
                m += weights[k - 1] * k * (k + 1.0) / (rate * rate);
            }
            return m;
        }

        @Override
        public double probabilityOfWaiting() {
            double p = 0;
            for (double w : weights) {
                p += w;
            }
            return p;
        }
    }

    /** Offered load at or above capacity with an unbounded queue: the wait grows without bound. */
    record Unbounded() implements WaitingTime {
        @Override
        public double exceeds(double t) {
            return 1;
        }

        @Override
        public double mean() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public double secondMoment() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public double probabilityOfWaiting() {
            return 1;
        }
    }
}
