package io.phalanx.core.stitch;

import java.util.Arrays;

/**
 * Sorted, disjoint [start, end) intervals kept in a flat {@code long[]} (start0, end0, start1,
 * ...), so the record holding them stays a Flink POJO. Bounded: past {@link #MAX_INTERVALS} the two
 * lowest intervals are merged (the oldest gap is given up as never to be filled).
 */
final class SequenceCoverage {
    static final int MAX_INTERVALS = 64;

    private SequenceCoverage() {}

    /** True when [start, end) lies inside one interval. */
    static boolean covers(long[] iv, long start, long end) {
        for (int i = 0; i < iv.length; i += 2) {
            if (iv[i] <= start && end <= iv[i + 1]) {
                return true;
            }
            if (iv[i] > start) {
                return false;
            }
        }
        return false;
    }

    /** Adds [start, end), merging overlapping and touching intervals. */
    static long[] add(long[] iv, long start, long end) {
        long[] out = new long[iv.length + 2];
        int n = 0;
        boolean placed = false;
        for (int i = 0; i < iv.length; i += 2) {
            long s = iv[i];
            long e = iv[i + 1];
            if (e < start) {
                out[n++] = s;
                out[n++] = e;
            } else if (end < s) {
                if (!placed) {
                    out[n++] = start;
                    out[n++] = end;
                    placed = true;
                }
                out[n++] = s;
                out[n++] = e;
            } else {
                start = Math.min(start, s);
                end = Math.max(end, e);
            }
        }
        if (!placed) {
            out[n++] = start;
            out[n++] = end;
        }
        long[] result = Arrays.copyOf(out, n);
        if (result.length > 2 * MAX_INTERVALS) {
            long[] merged = new long[result.length - 2];
            merged[0] = result[0];
            merged[1] = result[3];
            System.arraycopy(result, 4, merged, 2, result.length - 4);
            result = merged;
        }
        return result;
    }
}
