package io.phalanx.core.stitch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceCoverageTest {
    @Test
    void gapsStayOpenUntilFilled() {
        long[] iv = SequenceCoverage.add(new long[0], 0, 100);
        iv = SequenceCoverage.add(iv, 200, 300); // 100..200 lost on the way
        assertThat(iv).containsExactly(0, 100, 200, 300);
        assertThat(SequenceCoverage.covers(iv, 100, 200)).as("the lost segment is new").isFalse();
        iv = SequenceCoverage.add(iv, 100, 200);
        assertThat(iv).containsExactly(0, 300);
        assertThat(SequenceCoverage.covers(iv, 100, 200)).as("now a retransmission").isTrue();
        assertThat(SequenceCoverage.covers(iv, 250, 350)).as("partly new").isFalse();
    }

    @Test
    void overlappingAndTouchingIntervalsMerge() {
        long[] iv = SequenceCoverage.add(new long[0], 50, 60);
        iv = SequenceCoverage.add(iv, 10, 20);
        iv = SequenceCoverage.add(iv, 20, 55);
        assertThat(iv).containsExactly(10, 60);
    }

    @Test
    void theNumberOfIntervalsIsBounded() {
        long[] iv = new long[0];
        for (int i = 0; i < 200; i++) {
            iv = SequenceCoverage.add(iv, i * 10L, i * 10L + 5);
        }
        assertThat(iv.length).isLessThanOrEqualTo(2 * SequenceCoverage.MAX_INTERVALS);
        assertThat(SequenceCoverage.covers(iv, 1990, 1995)).isTrue();
    }
}
