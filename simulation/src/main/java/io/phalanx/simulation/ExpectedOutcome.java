package io.phalanx.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a correct multi-hop analysis must find in a scenario's capture set, with the tolerance of
 * every number and why it is that wide. Tests of the generator and of the replay job share it.
 *
 * @param segments every directed segment between consecutive capture points, faulty or not
 * @param paths capture points in travel order, per direction
 * @param asymmetric true when the two directions pass different capture points
 * @param clockOffsetsMs per capture point: recorded time = true time + offset
 * @param clockOffsetToleranceMs how far an estimated clock offset may be from the configured one
 * @param bulkRetransmits true when the bulk transfer's sender must retransmit (its exact count is
 *     the generator's, in the ground truth), false when it must not retransmit at all
 */
public record ExpectedOutcome(
        List<SegmentExpectation> segments,
        Map<Direction, List<String>> paths,
        boolean asymmetric,
        Map<String, Double> clockOffsetsMs,
        double clockOffsetToleranceMs,
        boolean bulkRetransmits) {

    /**
     * Median one-way latency of a fault-free segment: the stretch's 20 µs base latency plus the
     * serialisation of a typical frame at 1 Gbit/s (0.5 µs for an ACK, 12 µs for a full segment).
     */
    public static final double BASELINE_LATENCY_MS = 0.03;

    /**
     * Latency tolerance of a segment without delay or queue: the baseline itself varies between 20
     * and 32 µs with the frame size, and the replay's percentiles come from a t-digest.
     */
    public static final double FAULT_FREE_DELAY_TOLERANCE_MS = 0.1;

    /**
     * One directed segment.
     *
     * @param extraDelayMs expected median one-way latency beyond {@link #BASELINE_LATENCY_MS}
     * @param delayToleranceMs allowed distance of the measured median from {@link
     *     #expectedMedianLatencyMs()}
     * @param lossRatio expected fraction of packets seen at {@code from} and never at {@code to}
     * @param lossTolerance allowed distance of the measured loss ratio from {@code lossRatio}
     * @param reorder true when packets must overtake each other here, false when none may
     * @param congestion true when a bottleneck queue acts here
     */
    public record SegmentExpectation(
            Direction direction,
            String from,
            String to,
            double extraDelayMs,
            double delayToleranceMs,
            double lossRatio,
            double lossTolerance,
            boolean reorder,
            boolean congestion) {
        public String label() {
            return from + "->" + to;
        }

        public double expectedMedianLatencyMs() {
            return BASELINE_LATENCY_MS + extraDelayMs;
        }

        SegmentExpectation withDelay(double extraMs, double toleranceMs) {
            return new SegmentExpectation(
                    direction,
                    from,
                    to,
                    extraMs,
                    toleranceMs,
                    lossRatio,
                    lossTolerance,
                    reorder,
                    congestion);
        }

        SegmentExpectation withLoss(double ratio, double tolerance) {
            return new SegmentExpectation(
                    direction,
                    from,
                    to,
                    extraDelayMs,
                    delayToleranceMs,
                    ratio,
                    tolerance,
                    reorder,
                    congestion);
        }
    }

    public SegmentExpectation segment(String from, String to) {
        for (SegmentExpectation s : segments) {
            if (s.from.equals(from) && s.to.equals(to)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no segment " + from + "->" + to);
    }

    /**
     * The expectation that follows from the configuration alone: a segment's extra delay is its
     * constant delay (jitter is symmetric, so the median keeps it: tolerance widened by half the
     * jitter, as FIFO order pushes back-to-back packets towards the upper end), its loss is the
     * configured ratio with {@code lossTolerance} (exactly 0 where nothing drops), reordering and
     * congestion where configured. Scenarios whose numbers come from queueing rather than
     * configuration override them.
     */
    static ExpectedOutcome derive(
            ChainTopology topology,
            NetworkConditions conditions,
            double lossTolerance,
            boolean bulkRetransmits) {
        List<SegmentExpectation> segments = new ArrayList<>();
        Map<Direction, List<String>> paths = new LinkedHashMap<>();
        for (Direction dir : Direction.values()) {
            List<String> path = topology.path(dir);
            paths.put(dir, path);
            for (int i = 0; i + 1 < path.size(); i++) {
                SegmentImpairment imp = conditions.impairment(path.get(i), path.get(i + 1));
                segments.add(
                        new SegmentExpectation(
                                dir,
                                path.get(i),
                                path.get(i + 1),
                                imp.extraDelayMs(),
                                FAULT_FREE_DELAY_TOLERANCE_MS + imp.jitterMs() / 2,
                                imp.lossRatio(),
                                imp.lossRatio() > 0 ? lossTolerance : 0,
                                imp.reorderRatio() > 0,
                                imp.congestion() != null));
            }
        }
        Map<String, Double> offsets = new LinkedHashMap<>();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            offsets.put(cp, conditions.clockOffsetMs(cp));
        }
        boolean asymmetric =
                !new java.util.HashSet<>(paths.get(Direction.CLIENT_TO_SERVER))
                        .equals(new java.util.HashSet<>(paths.get(Direction.SERVER_TO_CLIENT)));
        return new ExpectedOutcome(
                List.copyOf(segments),
                Map.copyOf(paths),
                asymmetric,
                Map.copyOf(offsets),
                0.5,
                bulkRetransmits);
    }

    /** A copy with one segment replaced. */
    ExpectedOutcome with(SegmentExpectation replacement) {
        List<SegmentExpectation> out = new ArrayList<>();
        for (SegmentExpectation s : segments) {
            boolean same =
                    s.from.equals(replacement.from)
                            && s.to.equals(replacement.to)
                            && s.direction == replacement.direction;
            out.add(same ? replacement : s);
        }
        return new ExpectedOutcome(
                List.copyOf(out),
                paths,
                asymmetric,
                clockOffsetsMs,
                clockOffsetToleranceMs,
                bulkRetransmits);
    }
}
