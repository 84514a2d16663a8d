package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * The analytic station against closed forms from the textbooks (Kleinrock vol. 1; Gross & Harris,
 * Fundamentals of Queueing Theory). Where the model evaluates the closed form itself the tolerance
 * is rounding error ({@link #EXACT}); the 2 % bound applies to the approximations.
 */
class QueueingStationTest extends TwinTestBase {

    @Test
    void mm1MatchesTheTextbookAtRhoPointEight() {
        StationPrediction p = mm1(1).predict(0.8);

        assertThat(p.utilisation()).isCloseTo(0.8, within(EXACT));
        assertThat(p.probabilityOfWaiting()).isCloseTo(0.8, within(EXACT));
        assertThat(p.meanWait()).isCloseTo(4.0, within(4 * EXACT));
        assertThat(p.meanResponse()).isCloseTo(5.0, within(5 * EXACT));
        assertThat(p.meanInSystem()).isCloseTo(4.0, within(4 * EXACT));
        // M/M/1 response is Exp(μ − λ): Var = 1/(μ − λ)² = 25.
        assertThat(p.responseVariance()).isCloseTo(25.0, within(25 * EXACT));
    }

    @Test
    void mm1PercentilesAreThoseOfTheExponentialResponse() {
        StationPrediction p = mm1(1).predict(0.8);

        // P(R > t) = e^{-(μ-λ)t}  =>  p99 = ln(100) / 0.2 = 23.02585... The percentile is a
        // bisection stopped at 1e-10 relative, so 1e-8 relative (withinPercentage(1e-6)) is slack.
        assertThat(p.responsePercentile(0.99))
                .isCloseTo(Math.log(100) / 0.2, withinPercentage(1e-6));
        assertThat(p.responsePercentile(0.5)).isCloseTo(Math.log(2) / 0.2, withinPercentage(1e-6));
        assertThat(p.responseCdf(10)).isCloseTo(1 - Math.exp(-2), within(1e-12));
    }

    @Test
    void mm2MatchesItsClosedForm() {
        // M/M/2, λ = 1, μ = 1, ρ = 1/2: P(wait) = 2ρ²/(1+ρ) = 1/3, Wq = ρ²/(μ(1−ρ²)) = 1/3.
        StationPrediction p = mmc(2, 1).predict(1);

        assertThat(p.probabilityOfWaiting()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(p.meanWait()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(p.meanResponse()).isCloseTo(4.0 / 3, within(EXACT));
    }

    @Test
    void mm3MatchesThePublishedErlangCValue() {
        // Three servers offered 2 erlangs: C(3, 2) = 4/9 (Gross & Harris, Table of Erlang C);
        // Wq = C / (cμ − λ) = 4/9, W = 13/9.
        StationPrediction p = mmc(3, 1).predict(2);

        assertThat(p.probabilityOfWaiting()).isCloseTo(4.0 / 9, within(EXACT));
        assertThat(p.meanWait()).isCloseTo(4.0 / 9, within(EXACT));
        assertThat(p.meanResponse()).isCloseTo(13.0 / 9, within(EXACT));
        assertThat(p.utilisation()).isCloseTo(2.0 / 3, within(EXACT));
    }

    @Test
    void erlangCStaysAccurateForHundredsOfServers() {
        // Against the defining sum in 60-digit decimal arithmetic, where a^c / c! (about 1e+140
        // for c = 300) is no problem. 1e-10 relative leaves room for the double recurrence only.
        for (int c : new int[] {1, 7, 50, 300, 600}) {
            double a = 0.95 * c;
            assertThat(Erlang.probabilityOfWaiting(c, a))
                    .as("C(%d, %.1f)", c, a)
                    .isCloseTo(erlangCByDefinition(c, a), withinPercentage(1e-8));
        }
        assertThat(Erlang.probabilityOfWaiting(5000, 4900)).isBetween(0.0, 1.0);
    }

    @Test
    void mmcPercentileInvertsTheExactResponseCdf() {
        StationPrediction p = mmc(3, 1).predict(2);
        double p95 = p.responsePercentile(0.95);

        // The model's CDF uses the closed-form hypoexponential; integrate the convolution of the
        // Erlang C waiting-time law with the service time numerically instead (Simpson, 20 000
        // intervals, error < 1e-12) and check that p95 is where it reaches 0.95.
        assertThat(mmcResponseCdfByIntegration(3, 1, 2, p95)).isCloseTo(0.95, within(1e-9));
        assertThat(p.responseCdf(1.7))
                .isCloseTo(mmcResponseCdfByIntegration(3, 1, 2, 1.7), within(1e-9));
    }

    @Test
    void responseCdfIsContinuousWhereWaitAndServiceRatesCoincide() {
        // c = 2, μ = 1, λ = 1: cμ − λ = μ, the hypoexponential degenerates to an Erlang-2. A
        // 1e-6 change of λ moves the CDF by O(1e-6), so 1e-5 catches a jump, not the slope.
        double atCoincidence = mmc(2, 1).predict(1).responseCdf(2.5);
        double nextToIt = mmc(2, 1).predict(1 + 1e-6).responseCdf(2.5);

        assertThat(atCoincidence).isCloseTo(nextToIt, within(1e-5));
        assertThat(atCoincidence)
                .isCloseTo(mmcResponseCdfByIntegration(2, 1, 1, 2.5), within(1e-9));
    }

    @Test
    void md1MatchesPollaczekKhinchine() {
        // M/D/1: Wq = ρ·s / (2(1 − ρ)) = 0.8 / 0.4 = 2 at ρ = 0.8, s = 1. Allen–Cunneen is exact
        // for one server with Poisson arrivals.
        StationPrediction p = md1(1).predict(0.8);

        assertThat(p.meanWait()).isCloseTo(2.0, within(2 * EXACT));
        assertThat(p.meanResponse()).isCloseTo(3.0, within(3 * EXACT));
        assertThat(p.responseCdf(0.999))
                .as("nobody is faster than the fixed service time")
                .isZero();
    }

    @Test
    void mg1WithLognormalServiceMatchesPollaczekKhinchine() {
        // M/G/1: Wq = (1 + cs²)/2 · ρ s / (1 − ρ) = 1.5 · 4 = 6 at ρ = 0.8, s = 1, cs² = 2.
        StationPrediction p = lognormalStation(1, 1, 2).predict(0.8);

        assertThat(p.meanWait()).isCloseTo(6.0, within(6 * EXACT));
        assertThat(p.responsePercentile(0.5)).isLessThan(p.responsePercentile(0.99));
    }

    @Test
    void saturatedStationReportsInfinityNotNaN() {
        for (double lambda : new double[] {1.0, 1.2}) {
            StationPrediction p = mm1(1).predict(lambda);

            assertThat(p.saturated()).isTrue();
            assertThat(p.offeredUtilisation()).isCloseTo(lambda, within(EXACT));
            assertThat(p.utilisation()).isEqualTo(1.0);
            assertThat(p.meanResponse()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(p.responsePercentile(0.99)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(p.fractionWithin(1e6)).isZero();
        }
        assertThat(mm1(1).predict(0.999).saturated()).isFalse();
    }

    @Test
    void finiteQueueMatchesMm1kBlockingAndStaysFinitePastSaturation() {
        // M/M/1/K: P_K = (1−ρ)ρ^K / (1−ρ^{K+1});  L = ρ/(1−ρ) − (K+1)ρ^{K+1}/(1−ρ^{K+1}).
        for (double rho : new double[] {0.8, 1.5}) {
            StationPrediction p = mmck(1, 5, 1).predict(rho);
            double blocking = (1 - rho) * Math.pow(rho, 5) / (1 - Math.pow(rho, 6));
            double inSystem = rho / (1 - rho) - 6 * Math.pow(rho, 6) / (1 - Math.pow(rho, 6));

            assertThat(p.blockingProbability())
                    .as("ρ=%s", rho)
                    .isCloseTo(blocking, withinPercentage(1e-7));
            assertThat(p.meanInSystem())
                    .as("ρ=%s", rho)
                    .isCloseTo(inSystem, withinPercentage(1e-7));
            assertThat(p.meanResponse()).isFinite();
            assertThat(p.responsePercentile(0.99)).isFinite();
        }
        assertThat(mmck(1, 5, 1).predict(1.5).saturated()).isTrue();
        assertThat(mmck(1, 5, 1).predict(1.5).utilisation()).isLessThan(1);
    }

    @Test
    void finiteQueueWithLargeCapMatchesTheUnboundedStation() {
        // With K = 400 at ρ = 2/3 the chance of a full system is ~(2/3)^400: the two models agree.
        // Means to 1e-8 relative; the capped p99 goes through the 512-cell numeric convolution
        // (the open one is closed form), hence 1e-6 relative for the percentile.
        StationPrediction capped = mmck(3, 400, 1).predict(2);
        StationPrediction open = mmc(3, 1).predict(2);

        assertThat(capped.meanResponse()).isCloseTo(open.meanResponse(), withinPercentage(1e-6));
        assertThat(capped.responsePercentile(0.99))
                .isCloseTo(open.responsePercentile(0.99), withinPercentage(1e-4));
    }

    @Test
    void idleStationAnswersWithItsServiceTime() {
        StationPrediction p = mmc(4, 10).predict(0);

        assertThat(p.meanResponse()).isCloseTo(0.1, within(EXACT));
        assertThat(p.saturated()).isFalse();
        assertThat(p.responsePercentile(0.99))
                .isCloseTo(Math.log(100) / 10, withinPercentage(1e-6));
    }

    private static double erlangCByDefinition(int c, double a) {
        MathContext mc = new MathContext(60);
        BigDecimal aa = new BigDecimal(a);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < c; k++) {
            sum = sum.add(term, mc);
            term = term.multiply(aa, mc).divide(BigDecimal.valueOf(k + 1), mc);
        }
        BigDecimal last =
                term.multiply(BigDecimal.valueOf(c), mc)
                        .divide(BigDecimal.valueOf(c).subtract(aa, mc), mc);
        return last.divide(sum.add(last, mc), mc).doubleValue();
    }

    /** P(Wq + S ≤ t) for M/M/c by numeric convolution, independent of the model's closed form. */
    static double mmcResponseCdfByIntegration(int c, double mu, double lambda, double t) {
        double pWait = Erlang.probabilityOfWaiting(c, lambda / mu);
        double theta = c * mu - lambda;
        int n = 20_000;
        double h = t / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double w = i * h;
            double f = theta * Math.exp(-theta * w) * (1 - Math.exp(-mu * (t - w)));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return (1 - pWait) * (1 - Math.exp(-mu * t)) + pWait * sum * h / 3;
    }
}
