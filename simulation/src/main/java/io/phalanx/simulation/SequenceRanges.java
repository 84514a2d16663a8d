package io.phalanx.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Disjoint, merged [start, end) ranges of relative TCP sequence space. */
final class SequenceRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    boolean covers(long start, long end) {
        Map.Entry<Long, Long> e = ranges.floorEntry(start);
        return e != null && e.getValue() >= end;
    }

    /** End of the range starting at 0: everything below it has been received. */
    long contiguousEnd() {
        Long end = ranges.get(0L);
        return end == null ? 0 : end;
    }

    /** Ranges beyond the contiguous prefix (SACK blocks), flattened, or null when none. */
    long[] above(long start) {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : ranges.tailMap(start, false).entrySet()) {
            out.add(e.getKey());
            out.add(e.getValue());
        }
        return out.isEmpty() ? null : out.stream().mapToLong(Long::longValue).toArray();
    }
}
