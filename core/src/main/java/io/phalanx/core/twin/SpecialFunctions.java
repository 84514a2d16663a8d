package io.phalanx.core.twin;

import java.util.function.DoubleUnaryOperator;

/**
 * The few special functions the queueing model needs (log-gamma, the regularised incomplete gamma
 * function, the normal CDF) and a monotone root finder, so that {@code core/} stays free of a math
 * library. Accuracy is stated per function; every caller in this package needs no more than about
 * 1e-7 relative, well inside the 2 % the model is held to.
 */
final class SpecialFunctions {
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private SpecialFunctions() {}

    /** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, about 15 significant digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /**
     * P(a, x) = γ(a, x) / Γ(a), the CDF of a Gamma(shape a, scale 1) variable at x: series below x
     * = a + 1, Lentz continued fraction above, each to 1e-14 relative.
     */
    static double regularizedGammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        if (Double.isInfinite(x)) {
            return 1;
        }
        if (x < a + 1) {
            double sum = 1 / a;
            double term = sum;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                    break;
                }
            }
            return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
        }
        return 1 - regularizedGammaQByFraction(a, x);
    }

    private static double regularizedGammaQByFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /**
     * Φ(z), the standard normal CDF, through erfc with the Chebyshev fit of Numerical Recipes
     * (fractional error below 1.2e-7 everywhere).
     */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static final double[] ERFC_FIT = {
        -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
        0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277
    };

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = 0;
        for (int i = ERFC_FIT.length - 1; i >= 0; i--) {
            poly = poly * t + ERFC_FIT[i];
        }
        double r = t * Math.exp(-z * z + poly);
        return x >= 0 ? r : 2 - r;
    }

    /**
     * The 97.5 % quantile of Student's t with {@code df} degrees of freedom (Cornish–Fisher, error
     * below 2e-3 for df ≥ 3).
     */
    static double studentT975(int df) {
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double n = df;
        return z
                + (z3 + z) / (4 * n)
                + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
    }

    /**
     * The smallest x ≥ lo with f(x) ≥ target for a non-decreasing f, found by doubling an upper
     * bracket from {@code hiGuess} and then bisecting to {@code relTol}. Returns +∞ when f never
     * reaches the target below 1e12 × hiGuess, which for a latency means "not within any horizon".
     */
    static double invertIncreasing(
            DoubleUnaryOperator f, double target, double lo, double hiGuess, double relTol) {
        double hi = Math.max(hiGuess, lo + Double.MIN_NORMAL);
        double limit = Math.max(hi, 1e-300) * 1e12;
        while (f.applyAsDouble(hi) < target) {
            lo = hi;
            hi *= 2;
            if (hi > limit) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 200 && hi - lo > relTol * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (f.applyAsDouble(mid) >= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
