package io.phalanx.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The service-time families: the simulator's draws have the declared mean and SCV, and the CDFs the
 * model convolves with agree with the draws.
 */
class ServiceTimeDistributionTest extends TwinTestBase {
    private static final int DRAWS = 400_000;

    @Test
    void drawsHaveTheDeclaredMeanAndScv() {
        // 400 000 draws: the standard error of the sample mean is sqrt(scv/n) ≈ 0.2 % of the mean
        // at SCV 2, so 1 % is five standard errors. The sample SCV converges more slowly for the
        // heavy-tailed lognormal (its fourth moment is large), hence 5 % there.
        for (ServiceTimeDistribution d :
                new ServiceTimeDistribution[] {
                    ServiceTimeDistribution.exponential(0.02),
                    ServiceTimeDistribution.lognormal(0.02, 2),
                    ServiceTimeDistribution.general(0.02, 0.5),
                    ServiceTimeDistribution.general(0.02, 3),
                }) {
            double[] moments = sampleMoments(d, 7);
            double scv = moments[1] / (moments[0] * moments[0]);
            assertThat(moments[0]).as("%s mean", d).isCloseTo(0.02, within(0.01 * 0.02));
            assertThat(scv).as("%s scv", d).isCloseTo(d.scv(), within(0.05 * d.scv()));
        }
        // A fixed time has no variance; 1e-15 s² absorbs the rounding of 400 000 summed squares.
        assertThat(sampleMoments(ServiceTimeDistribution.deterministic(0.02), 7)[1])
                .isCloseTo(0, within(1e-15));
    }

    @Test
    void cdfAgreesWithTheDraws() {
        // Empirical CDF of 400 000 draws: its standard error is at most 0.0008; 0.004 is five.
        for (ServiceTimeDistribution d :
                new ServiceTimeDistribution[] {
                    ServiceTimeDistribution.lognormal(1, 1.5),
                    ServiceTimeDistribution.general(1, 0.5)
                }) {
            SplittableRandom r = new SplittableRandom(3);
            double[] t = {0.25, 0.5, 1, 2, 4};
            int[] below = new int[t.length];
            for (int i = 0; i < DRAWS; i++) {
                double x = d.sample(r);
                for (int k = 0; k < t.length; k++) {
                    below[k] += x <= t[k] ? 1 : 0;
                }
            }
            for (int k = 0; k < t.length; k++) {
                assertThat(d.cdf(t[k]))
                        .as("%s at %s", d, t[k])
                        .isCloseTo((double) below[k] / DRAWS, within(0.004));
            }
        }
    }

    @Test
    void generalWithScvOneIsTheExponential() {
        ServiceTimeDistribution g = ServiceTimeDistribution.general(0.5, 1);
        ServiceTimeDistribution e = ServiceTimeDistribution.exponential(0.5);

        for (double t : new double[] {0.1, 0.5, 2, 5}) {
            assertThat(g.cdf(t)).isCloseTo(e.cdf(t), within(1e-12));
        }
    }

    @Test
    void familiesRefuseAnScvThatIsNotTheirs() {
        assertThatThrownBy(
                        () ->
                                new ServiceTimeDistribution(
                                        ServiceTimeDistribution.Family.EXPONENTIAL, 1, 2))
                .hasMessageContaining("exponential service has SCV 1");
        assertThatThrownBy(() -> ServiceTimeDistribution.lognormal(0, 1))
                .hasMessageContaining("must be > 0");
    }

    @Test
    void lossSystemBlocksWithErlangB() {
        // c servers, no waiting room (K = c): Erlang B. B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2.
        StationPrediction p = mmck(2, 2, 1).predict(1);

        assertThat(p.blockingProbability()).isCloseTo(0.2, within(EXACT));
        assertThat(p.probabilityOfWaiting()).isZero();
        assertThat(p.meanResponse()).isCloseTo(1, within(EXACT));
    }

    /** {mean, variance} of 400 000 draws. */
    private static double[] sampleMoments(ServiceTimeDistribution d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = d.sample(r);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / DRAWS;
        return new double[] {mean, Math.max(0, sumSq / DRAWS - mean * mean)};
    }
}
