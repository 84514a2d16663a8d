package io.phalanx.simulation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The faults of one scenario: an impairment per directed segment and a clock offset per capture
 * point. A segment is named {@code from->to} in the direction packets travel, with capture point
 * ids or {@code client}/{@code server} for the stretch before the first capture point; a segment
 * without an entry only has its baseline latency. A capture point's clock records {@code true time
 * + offset}.
 */
public final class NetworkConditions {
    private final Map<String, SegmentImpairment> impairments = new LinkedHashMap<>();
    private final Map<String, Double> clockOffsetsMs = new TreeMap<>();

    public static NetworkConditions none() {
        return new NetworkConditions();
    }

    /** Adds {@code impairment} on the directed segment {@code from -> to}. */
    public NetworkConditions on(String from, String to, SegmentImpairment impairment) {
        impairments.put(key(from, to), impairment);
        return this;
    }

    public NetworkConditions clockOffset(String capturePoint, double offsetMs) {
        clockOffsetsMs.put(capturePoint, offsetMs);
        return this;
    }

    public SegmentImpairment impairment(String from, String to) {
        return impairments.getOrDefault(key(from, to), SegmentImpairment.NONE);
    }

    /** Every configured impairment by segment name ({@code hop2->hop3}). */
    public Map<String, SegmentImpairment> impairments() {
        return Map.copyOf(impairments);
    }

    public double clockOffsetMs(String capturePoint) {
        return clockOffsetsMs.getOrDefault(capturePoint, 0.0);
    }

    static String key(String from, String to) {
        return from + "->" + to;
    }
}
