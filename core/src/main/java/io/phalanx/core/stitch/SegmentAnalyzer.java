package io.phalanx.core.stitch;

import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import io.phalanx.core.kpi.SegmentKpi;
import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.report.ReplayReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the per-host-pair aggregates into the network view: each capture point's clock offset, the
 * path each direction takes (order of capture points), and every segment's one-way latency, loss,
 * reordering and duplication, corrected for the estimated clock offsets.
 *
 * <p>Order of capture points is found without trusting clocks: within one direction of one host
 * pair, for capture points a and b, the raw {@code t(b) - t(a)} of packets going one way exceeds
 * that of packets going the other way by the sum of both one-way delays, whatever the offset. One
 * way streams with no reverse traffic are ordered after clock correction instead.
 */
public final class SegmentAnalyzer {
    /** Low quantile used as the "minimum" delay: robust to a few mismatched packets. */
    static final double LOW_Q = 0.01;

    private final ClockOffsetEstimator estimator;

    public SegmentAnalyzer(ClockOffsetEstimator estimator) {
        this.estimator = estimator;
    }

    /** The network part of the report. */
    public record NetworkView(
            double[] offsetsMs,
            String[] offsetMethods,
            List<ReplayReport.Path> paths,
            List<ReplayReport.Segment> segments,
            List<String> warnings) {}

    /** Discovers every path from the data. */
    public NetworkView analyze(Iterable<HostPairAggregate> aggregates, List<String> capturePoints) {
        return analyze(aggregates, capturePoints, null);
    }

    /**
     * @param topology declared paths (null: discover all); a direction with a declared path uses
     *     its order, and capture points that saw the traffic off that path are reported in {@link
     *     NetworkView#warnings()}
     */
    public NetworkView analyze(
            Iterable<HostPairAggregate> aggregates, List<String> capturePoints, Topology topology) {
        int n = capturePoints.size();
        List<HostPairAggregate> aggs = new ArrayList<>();
        aggregates.forEach(aggs::add);
        Orientation or = orient(aggs, capturePoints, topology);
        Boolean[][][][] upstream = or.upstream();
        boolean[][] declared = or.declared();
        double[] o = or.clocks().offsetsMs();
        List<String> warnings = or.warnings();
        // 3. Paths and segments.
        Map<String, ReplayReport.Path> paths = new LinkedHashMap<>();
        Map<String, SegmentSum> segments = new LinkedHashMap<>();
        for (int g = 0; g < aggs.size(); g++) {
            HostPairAggregate agg = aggs.get(g);
            List<List<Integer>> dirPaths = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                List<Integer> path = order(agg, d, upstream[g][d], n);
                if (declared[g][d]) {
                    byte[] src = d == 0 ? agg.ipA : agg.ipB;
                    byte[] dst = d == 0 ? agg.ipB : agg.ipA;
                    List<String> onPath = topology.pathFor(src, dst).orElseThrow();
                    path.removeIf(c -> !onPath.contains(capturePoints.get(c)));
                }
                dirPaths.add(path);
                for (int i = 0; i + 1 < path.size(); i++) {
                    int x = path.get(i);
                    int y = path.get(i + 1);
                    segments.computeIfAbsent(x + ">" + y, k -> new SegmentSum(x, y))
                            .add(agg.pair(d, Math.min(x, y), Math.max(x, y)), x < y);
                }
            }
            for (int d = 0; d < 2; d++) {
                List<Integer> path = dirPaths.get(d);
                if (path.isEmpty()) {
                    continue;
                }
                List<Integer> reverse = new ArrayList<>(dirPaths.get(1 - d));
                java.util.Collections.reverse(reverse);
                boolean asymmetric = !reverse.isEmpty() && !reverse.equals(path);
                String direction =
                        d == 0
                                ? IpAddresses.format(agg.ipA) + " -> " + IpAddresses.format(agg.ipB)
                                : IpAddresses.format(agg.ipB)
                                        + " -> "
                                        + IpAddresses.format(agg.ipA);
                String key = direction + "|" + path;
                ReplayReport.Path p = paths.get(key);
                if (p == null) {
                    p = new ReplayReport.Path();
                    p.direction = direction;
                    for (int c : path) {
                        p.capturePoints.add(capturePoints.get(c));
                    }
                    paths.put(key, p);
                }
                p.conversations += agg.conversations;
                long packets = 0;
                for (int c : path) {
                    packets = Math.max(packets, agg.hopPackets(d, c));
                }
                p.packets += packets;
                p.asymmetric |= asymmetric;
            }
        }
        List<ReplayReport.Segment> out = new ArrayList<>();
        for (SegmentSum s : segments.values()) {
            out.add(s.toSegment(capturePoints, o));
        }
        out.sort((p, q) -> p.from.equals(q.from) ? p.to.compareTo(q.to) : p.from.compareTo(q.from));
        List<ReplayReport.Path> pathList = new ArrayList<>(paths.values());
        pathList.sort((p, q) -> Long.compare(q.packets, p.packets));
        return new NetworkView(o, or.clocks().methods(), pathList, out, warnings);
    }

    /** Which capture point each host pair's direction passes first, and the clock offsets. */
    private record Orientation(
            Boolean[][][][] upstream,
            boolean[][] declared,
            ClockOffsetEstimator.Result clocks,
            List<String> warnings) {}

    private Orientation orient(
            List<HostPairAggregate> aggs, List<String> capturePoints, Topology topology) {
        int n = capturePoints.size();
        List<String> warnings = new ArrayList<>();
        // 1. Orientation: upstream[agg][dir][x][y] = x passes before y. Declared paths first, then
        //    two-way traffic (offset-free), the rest after clock correction (step 2).
        Boolean[][][][] upstream = new Boolean[aggs.size()][2][n][n];
        boolean[][] declared = new boolean[aggs.size()][2];
        for (int g = 0; g < aggs.size(); g++) {
            HostPairAggregate agg = aggs.get(g);
            for (int d = 0; topology != null && d < 2; d++) {
                byte[] src = d == 0 ? agg.ipA : agg.ipB;
                byte[] dst = d == 0 ? agg.ipB : agg.ipA;
                List<String> path = topology.pathFor(src, dst).orElse(null);
                if (path == null) {
                    continue;
                }
                declared[g][d] = true;
                for (int i = 0; i < path.size(); i++) {
                    for (int j = i + 1; j < path.size(); j++) {
                        setOrder(
                                upstream[g],
                                d,
                                capturePoints.indexOf(path.get(i)),
                                capturePoints.indexOf(path.get(j)),
                                true);
                    }
                }
                for (int c = 0; c < n; c++) {
                    if (agg.hopPackets(d, c) > 0 && !path.contains(capturePoints.get(c))) {
                        warnings.add(
                                String.format(
                                        "%s -> %s: %d packets seen at %s, which the topology does not place on the path %s",
                                        IpAddresses.format(src),
                                        IpAddresses.format(dst),
                                        agg.hopPackets(d, c),
                                        capturePoints.get(c),
                                        path));
                    }
                }
            }
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    PairStats d0 = agg.pair(0, a, b);
                    PairStats d1 = agg.pair(1, a, b);
                    if (d0.both == 0 || d1.both == 0) {
                        continue;
                    }
                    // Offset-free: packets going a->b show the larger t(b) - t(a).
                    boolean aFirstInDir0 = d0.digest().quantile(0.5) > d1.digest().quantile(0.5);
                    if (!declared[g][0] && upstream[g][0][a][b] == null) {
                        setOrder(upstream[g], 0, a, b, aFirstInDir0);
                    }
                    if (!declared[g][1] && upstream[g][1][a][b] == null) {
                        setOrder(upstream[g], 1, a, b, !aFirstInDir0);
                    }
                }
            }
        }
        TDigest[][] travel = new TDigest[n][n]; // raw t(y) - t(x), travelling x -> y
        forEachSeenPair(
                aggs,
                n,
                (g, d, a, b, ps) -> {
                    if (upstream[g][d][a][b] != null) {
                        addTravel(travel, a, b, ps, upstream[g][d][a][b]);
                    }
                });
        double[][] minDelta = new double[n][n];
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                minDelta[x][y] =
                        travel[x][y] == null || travel[x][y].size() == 0
                                ? Double.NaN
                                : travel[x][y].quantile(LOW_Q);
            }
        }
        // One-way-only pairs still bound the offsets (no negative delay).
        ClockOffsetEstimator.Result clocks = estimator.estimate(minDelta);
        double[] o = clocks.offsetsMs();
        // 2. Orient the rest by corrected medians.
        forEachSeenPair(
                aggs,
                n,
                (g, d, a, b, ps) -> {
                    if (upstream[g][d][a][b] == null) {
                        double corrected = ps.digest().quantile(0.5) - (o[b] - o[a]);
                        setOrder(upstream[g], d, a, b, corrected >= 0);
                    }
                });
        return new Orientation(upstream, declared, clocks, warnings);
    }

    /**
     * The segment KPIs of one interval: {@code slices} (the interval's packets per host pair) laid
     * on the paths and clock offsets of the running aggregate {@code cumulative} (which must hold
     * every host pair of the slices). Segments without a packet in the interval are left out.
     */
    public List<SegmentKpi> intervalKpis(
            Iterable<HostPairAggregate> cumulative,
            Iterable<IntervalSlice> slices,
            List<String> capturePoints,
            Topology topology,
            long startMs,
            long endMs) {
        int n = capturePoints.size();
        List<HostPairAggregate> aggs = new ArrayList<>();
        cumulative.forEach(aggs::add);
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int g = 0; g < aggs.size(); g++) {
            index.put(HostPairAggregate.key(aggs.get(g).ipA, aggs.get(g).ipB), g);
        }
        Orientation or = orient(aggs, capturePoints, topology);
        double[] o = or.clocks().offsetsMs();
        Map<String, SegmentSum> segments = new LinkedHashMap<>();
        for (IntervalSlice slice : slices) {
            Integer g = index.get(HostPairAggregate.key(slice.ipA, slice.ipB));
            if (g == null) {
                continue;
            }
            HostPairAggregate agg = aggs.get(g);
            for (int d = 0; d < 2; d++) {
                List<Integer> path = order(agg, d, or.upstream()[g][d], n);
                if (or.declared()[g][d]) {
                    byte[] src = d == 0 ? agg.ipA : agg.ipB;
                    byte[] dst = d == 0 ? agg.ipB : agg.ipA;
                    List<String> onPath = topology.pathFor(src, dst).orElseThrow();
                    path.removeIf(c -> !onPath.contains(capturePoints.get(c)));
                }
                for (int i = 0; i + 1 < path.size(); i++) {
                    int x = path.get(i);
                    int y = path.get(i + 1);
                    SegmentSum sum =
                            segments.computeIfAbsent(x + ">" + y, k -> new SegmentSum(x, y));
                    sum.add(slice.pair(d, Math.min(x, y), Math.max(x, y)), x < y);
                    sum.bytes += slice.hopBytes[d * n + x];
                    sum.retransmissions += slice.retransmissions[d];
                }
            }
        }
        List<SegmentKpi> out = new ArrayList<>();
        for (SegmentSum sum : segments.values()) {
            ReplayReport.Segment seg = sum.toSegment(capturePoints, o);
            if (seg.packets == 0) {
                continue;
            }
            out.add(
                    new SegmentKpi(
                            startMs,
                            endMs,
                            seg.from,
                            seg.to,
                            seg.packets,
                            seg.latencyMs == null ? null : seg.latencyMs.p50,
                            seg.latencyMs == null ? null : seg.latencyMs.p99,
                            sum.lost,
                            sum.reordered,
                            sum.retransmissions,
                            sum.bytes));
        }
        out.sort(
                (p, q) ->
                        p.from().equals(q.from())
                                ? p.to().compareTo(q.to())
                                : p.from().compareTo(q.from()));
        return out;
    }

    /**
     * Visits, per host pair and direction, every capture-point pair a < b that saw a packet at
     * both.
     */
    private interface PairVisitor {
        void visit(int aggregate, int dir, int a, int b, PairStats stats);
    }

    private static void forEachSeenPair(List<HostPairAggregate> aggs, int n, PairVisitor visitor) {
        for (int g = 0; g < aggs.size(); g++) {
            for (int d = 0; d < 2; d++) {
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        PairStats ps = aggs.get(g).pair(d, a, b);
                        if (ps.both > 0) {
                            visitor.visit(g, d, a, b, ps);
                        }
                    }
                }
            }
        }
    }

    private static void setOrder(Boolean[][][] up, int d, int a, int b, boolean aFirst) {
        up[d][a][b] = aFirst;
        up[d][b][a] = !aFirst;
    }

    /** Adds one direction's deltas {@code t(b) - t(a)} to the travel digest of its direction. */
    private static void addTravel(TDigest[][] travel, int a, int b, PairStats ps, boolean aFirst) {
        int x = aFirst ? a : b;
        int y = aFirst ? b : a;
        if (travel[x][y] == null) {
            travel[x][y] = new MergingDigest(PairStats.COMPRESSION);
        }
        if (aFirst) {
            travel[x][y].add(ps.digest());
        } else {
            addNegated(travel[x][y], ps.digest());
        }
    }

    static void addNegated(TDigest into, TDigest from) {
        for (Centroid c : from.centroids()) {
            into.add(-c.mean(), c.count());
        }
    }

    /** Capture points that saw direction d, upstream first. */
    private static List<Integer> order(HostPairAggregate agg, int d, Boolean[][] up, int n) {
        List<Integer> seen = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (agg.hopPackets(d, c) > 0) {
                seen.add(c);
            }
        }
        int[] score = new int[n];
        for (int x : seen) {
            for (int y : seen) {
                if (x != y && Boolean.TRUE.equals(up[x][y])) {
                    score[x]++;
                }
            }
        }
        seen.sort(
                (x, y) ->
                        score[y] != score[x]
                                ? Integer.compare(score[y], score[x])
                                : Integer.compare(x, y));
        return seen;
    }

    /** One directed segment x -> y summed over host pairs. */
    private static final class SegmentSum {
        final int x;
        final int y;
        long both;
        long lost;
        long duplicates;
        long reordered;
        long bytes;
        long retransmissions;
        final TDigest delta = new MergingDigest(PairStats.COMPRESSION); // raw t(y) - t(x)
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        SegmentSum(int x, int y) {
            this.x = x;
            this.y = y;
        }

        void add(PairStats ps, boolean xIsA) {
            both += ps.both;
            lost += xIsA ? ps.onlyA : ps.onlyB;
            duplicates += xIsA ? ps.onlyB : ps.onlyA;
            reordered += xIsA ? ps.reorderedAUp : ps.reorderedBUp;
            if (ps.both == 0) {
                return;
            }
            if (xIsA) {
                delta.add(ps.digest());
                min = Math.min(min, ps.minDeltaMs);
                max = Math.max(max, ps.maxDeltaMs);
            } else {
                addNegated(delta, ps.digest());
                min = Math.min(min, -ps.maxDeltaMs);
                max = Math.max(max, -ps.minDeltaMs);
            }
        }

        ReplayReport.Segment toSegment(List<String> ids, double[] o) {
            double shift = o[y] - o[x];
            ReplayReport.Segment s = new ReplayReport.Segment();
            s.from = ids.get(x);
            s.to = ids.get(y);
            s.packets = both + lost;
            s.lossRatio = s.packets == 0 ? 0 : (double) lost / s.packets;
            s.reorderRatio = both == 0 ? 0 : (double) reordered / both;
            s.duplicateRatio = both == 0 ? 0 : (double) duplicates / (both + duplicates);
            if (both > 0) {
                ReplayReport.Latency l = new ReplayReport.Latency();
                l.min = min - shift;
                l.p50 = delta.quantile(0.50) - shift;
                l.p95 = delta.quantile(0.95) - shift;
                l.p99 = delta.quantile(0.99) - shift;
                l.max = max - shift;
                s.latencyMs = l;
            }
            return s;
        }
    }
}
