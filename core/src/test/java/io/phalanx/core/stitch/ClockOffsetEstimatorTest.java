package io.phalanx.core.stitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A four-point chain hop1-hop2-hop3-hop4 like the bundled captures: minimum one-way delays of 0.01
 * ms per segment, optionally a constant extra delay on one segment, and recorded clocks that are
 * true time plus an offset. The estimator sees only the raw minimum deltas.
 */
class ClockOffsetEstimatorTest {
    private static final double D = 0.01;

    /** min raw t(y) - t(x) for packets x -> y on a chain with per-segment delays and offsets. */
    private static double[][] chain(double[] fwd, double[] rev, double[] offsets) {
        int n = offsets.length;
        double[][] m = new double[n][n];
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                if (x == y) {
                    m[x][y] = Double.NaN;
                    continue;
                }
                double delay = 0;
                for (int s = Math.min(x, y); s < Math.max(x, y); s++) {
                    delay += x < y ? fwd[s] : rev[s];
                }
                m[x][y] = delay + offsets[y] - offsets[x];
            }
        }
        return m;
    }

    private static double[] estimate(double[] fwd, double[] rev, double[] offsets) {
        return ClockOffsetEstimator.withDefaults().estimate(chain(fwd, rev, offsets)).offsetsMs();
    }

    @Test
    void synchronisedClocksStayAtZero() {
        double[] o = estimate(new double[] {D, D, D}, new double[] {D, D, D}, new double[4]);
        assertThat(o).containsExactly(new double[] {0, 0, 0, 0}, within(1e-9));
    }

    @Test
    void oneSkewedClockIsFoundWhateverItsPlaceInTheChain() {
        for (int skewed = 0; skewed < 4; skewed++) {
            for (double skew : new double[] {-5, 3, 12}) {
                double[] offsets = new double[4];
                offsets[skewed] = skew;
                double[] o = estimate(new double[] {D, D, D}, new double[] {D, D, D}, offsets);
                assertThat(o)
                        .as("point %d skewed by %s", skewed, skew)
                        .containsExactly(offsets, within(1e-6));
            }
        }
    }

    @Test
    void aConstantOneWayDelayIsNotMistakenForSkew() {
        // 40 ms added hop2 -> hop3 only: an NTP-style estimate would call it 20 ms of skew.
        double[] o = estimate(new double[] {D, 40 + D, D}, new double[] {D, D, D}, new double[4]);
        assertThat(o).containsExactly(new double[] {0, 0, 0, 0}, within(0.02));
    }

    @Test
    void skewNextToAOneWayDelayIsStillFound() {
        double[] fwd = {D, 40 + D, D};
        double[] rev = {D, D, D};
        for (int skewed = 0; skewed < 4; skewed++) {
            for (double skew : new double[] {-5, 5}) {
                double[] offsets = new double[4];
                offsets[skewed] = skew;
                double[] o = estimate(fwd, rev, offsets);
                assertThat(o)
                        .as("point %d skewed by %s", skewed, skew)
                        .containsExactly(offsets, within(0.02));
            }
        }
    }

    @Test
    void aPointWithoutTwoWayTrafficKeepsItsClock() {
        double[][] m = chain(new double[] {D, D}, new double[] {D, D}, new double[3]);
        m[2][1] = Double.NaN; // nothing travels hop3 -> hop2 or hop3 -> hop1
        m[2][0] = Double.NaN;
        ClockOffsetEstimator.Result r = ClockOffsetEstimator.withDefaults().estimate(m);
        assertThat(r.offsetsMs()[2]).isCloseTo(0, within(0.02));
        assertThat(r.methods()[2]).isEqualTo("none");
    }
}
