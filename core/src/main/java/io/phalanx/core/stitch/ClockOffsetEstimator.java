package io.phalanx.core.stitch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Estimates each capture point's clock offset from the packets seen at two points in both
 * directions, without trusting any clock.
 *
 * <p>For points {@code a} and {@code b} and packets travelling a→b, {@code t(b) - t(a) = d(a→b) +
 * o(b) - o(a)} with {@code d >= 0}; for packets travelling b→a, {@code t(a) - t(b) = d(b→a) + o(a)
 * - o(b)}. So {@code o(b) - o(a)} lies in {@code [-m(b→a), m(a→b)]} where {@code m} is the minimum
 * (a robust low quantile) of the raw deltas. Its width is the sum of both directions' minimum
 * delays and does not depend on the clocks.
 *
 * <p>One-way delay cannot be told from clock offset by timestamps alone (a constant extra delay one
 * way looks exactly like a skewed clock), so the estimator makes the assumptions a network engineer
 * would, in this order:
 *
 * <ol>
 *   <li>Where the interval is narrow ({@link #tightMs}), both directions' minimum delays are small
 *       and equal: the offset is the interval's middle (as NTP assumes). Points joined by such
 *       pairs form a <em>clock group</em> whose relative offsets are known.
 *   <li>Between groups the interval is wide: some segment between them adds delay. Each choice of
 *       inter-group offset is scored by the number of clocks it declares wrong plus the number of
 *       directed pairs it gives a clearly non-zero minimum delay (faults are rare and usually
 *       one-directional), then by the total size of the offsets; the cheapest wins. Candidates are
 *       the interval's two ends (the added delay is all in one direction), its middle (symmetric)
 *       and the clocks as recorded when the interval allows it.
 * </ol>
 *
 * <p>A capture point with no two-way pair gets offset 0 and method {@code none}, constrained only
 * so that no one-way delay comes out negative.
 */
public final class ClockOffsetEstimator {
    /** Widest two-way interval (sum of both minimum delays, ms) still read as symmetric. */
    private final double tightMs;

    /** A minimum delay above this (ms) counts as a delay the network really adds. */
    private final double significantDelayMs;

    /** Offsets closer than this (ms) are the same clock. */
    private final double sameClockMs;

    public ClockOffsetEstimator(double tightMs, double significantDelayMs, double sameClockMs) {
        this.tightMs = tightMs;
        this.significantDelayMs = significantDelayMs;
        this.sameClockMs = sameClockMs;
    }

    public static ClockOffsetEstimator withDefaults() {
        return new ClockOffsetEstimator(1.0, 0.5, 0.25);
    }

    /** Estimated offsets and how each was found. */
    public record Result(double[] offsetsMs, String[] methods) {}

    /**
     * @param minDelta {@code minDelta[x][y]}: low quantile of raw {@code t(y) - t(x)} (ms) over
     *     packets travelling x→y, or NaN when no packet was seen travelling x→y.
     */
    public Result estimate(double[][] minDelta) {
        int n = minDelta.length;
        String[] methods = new String[n];
        // 1. Clock groups joined by tight two-way pairs (Kruskal by width).
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<int[]> tight = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (twoWay(minDelta, a, b) && width(minDelta, a, b) <= tightMs) {
                    tight.add(new int[] {a, b});
                }
            }
        }
        tight.sort(
                (p, q) -> Double.compare(width(minDelta, p[0], p[1]), width(minDelta, q[0], q[1])));
        double[] rel = new double[n];
        List<List<int[]>> adjacency = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adjacency.add(new ArrayList<>());
        }
        for (int[] e : tight) {
            if (find(parent, e[0]) != find(parent, e[1])) {
                parent[find(parent, e[0])] = find(parent, e[1]);
                adjacency.get(e[0]).add(e);
                adjacency.get(e[1]).add(e);
            }
        }
        int[] group = new int[n];
        Arrays.fill(group, -1);
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (group[i] >= 0) {
                continue;
            }
            // BFS over the tight spanning forest: rel[] relative to the group's first point.
            List<Integer> queue = new ArrayList<>(List.of(i));
            group[i] = groups;
            rel[i] = 0;
            for (int q = 0; q < queue.size(); q++) {
                int x = queue.get(q);
                for (int[] e : adjacency.get(x)) {
                    int y = e[0] == x ? e[1] : e[0];
                    if (group[y] < 0) {
                        group[y] = groups;
                        rel[y] = rel[x] + middle(minDelta, x, y);
                        queue.add(y);
                    }
                }
            }
            groups++;
        }
        for (int i = 0; i < n; i++) {
            methods[i] = hasTwoWay(minDelta, i) ? "two-way" : "none";
        }
        if (groups == 1) {
            return new Result(normalise(rel), methods);
        }
        // 2. Intervals for g(H) - g(G) between groups, from every pair across them.
        double[][] lo = new double[groups][groups];
        double[][] hi = new double[groups][groups];
        for (double[] row : lo) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (double[] row : hi) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a == b || group[a] == group[b] || Double.isNaN(minDelta[a][b])) {
                    continue;
                }
                // travelling a->b: o(b) - o(a) <= m(a->b), o = g + rel.
                int ga = group[a];
                int gb = group[b];
                double bound = minDelta[a][b] - rel[b] + rel[a];
                hi[ga][gb] = Math.min(hi[ga][gb], bound);
                lo[gb][ga] = Math.max(lo[gb][ga], -bound);
            }
        }
        // 3. A spanning tree over groups, preferring two-way (bounded both sides) links.
        int[] treeParent = new int[groups];
        Arrays.fill(treeParent, -2);
        treeParent[0] = -1;
        List<Integer> order = new ArrayList<>(List.of(0));
        boolean grew = true;
        while (grew) {
            grew = false;
            int bestG = -1;
            int bestP = -1;
            double bestWidth = Double.POSITIVE_INFINITY;
            for (int p : order) {
                for (int g = 0; g < groups; g++) {
                    if (treeParent[g] != -2) {
                        continue;
                    }
                    double w = hi[p][g] - lo[p][g];
                    boolean linked = !Double.isInfinite(hi[p][g]) || !Double.isInfinite(lo[p][g]);
                    if (linked && (bestG < 0 || w < bestWidth)) {
                        bestG = g;
                        bestP = p;
                        bestWidth = w;
                    }
                }
            }
            if (bestG >= 0) {
                treeParent[bestG] = bestP;
                order.add(bestG);
                grew = true;
            }
        }
        for (int g = 0; g < groups; g++) {
            if (treeParent[g] == -2) {
                treeParent[g] = 0; // unconnected: no information, keep its clocks
                order.add(g);
            }
        }
        // Candidate values for each tree link g(child) - g(parent).
        double margin = typicalMinimumDelay(minDelta, group);
        List<double[]> candidates = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            if (g == 0) {
                candidates.add(new double[] {0});
                continue;
            }
            int p = treeParent[g];
            double l = lo[p][g];
            double h = hi[p][g];
            List<Double> c = new ArrayList<>();
            if (Double.isInfinite(l) && Double.isInfinite(h)) {
                c.add(0.0);
            } else {
                if (l > h) { // inconsistent bounds (mismatched packets): split the difference
                    c.add((l + h) / 2);
                } else {
                    if (!Double.isInfinite(l)) {
                        c.add(Math.min(l + margin, h));
                    }
                    if (!Double.isInfinite(h)) {
                        c.add(Math.max(h - margin, l));
                    }
                    if (!Double.isInfinite(l) && !Double.isInfinite(h)) {
                        c.add((l + h) / 2);
                    }
                    c.add(Math.max(l, Math.min(h, 0.0)));
                }
            }
            candidates.add(c.stream().mapToDouble(Double::doubleValue).toArray());
        }
        // 4. Score every combination (few groups in practice; greedy beyond 4096 combinations).
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        long combos = 1;
        for (double[] c : candidates) {
            combos *= c.length;
            if (combos > 4096) {
                break;
            }
        }
        int[] choice = new int[groups];
        if (combos <= 4096) {
            for (long k = 0; k < combos; k++) {
                long rest = k;
                for (int g = 0; g < groups; g++) {
                    choice[g] = (int) (rest % candidates.get(g).length);
                    rest /= candidates.get(g).length;
                }
                double[] offsets = assemble(order, treeParent, candidates, choice, group, rel);
                double cost = cost(offsets, minDelta);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = offsets;
                }
            }
        } else {
            for (int g : order) {
                double localBest = Double.POSITIVE_INFINITY;
                int pick = 0;
                for (int c = 0; c < candidates.get(g).length; c++) {
                    choice[g] = c;
                    double cost =
                            cost(
                                    assemble(order, treeParent, candidates, choice, group, rel),
                                    minDelta);
                    if (cost < localBest) {
                        localBest = cost;
                        pick = c;
                    }
                }
                choice[g] = pick;
            }
            best = assemble(order, treeParent, candidates, choice, group, rel);
        }
        for (int i = 0; i < n; i++) {
            if (methods[i].equals("two-way") && groupSize(group, group[i]) == 1) {
                methods[i] = "bounded";
            } else if (methods[i].equals("two-way")) {
                methods[i] = groups > 1 ? "two-way+bounded" : "two-way";
            }
        }
        return new Result(normalise(best), methods);
    }

    private static int groupSize(int[] group, int g) {
        int s = 0;
        for (int x : group) {
            if (x == g) {
                s++;
            }
        }
        return s;
    }

    private static double[] assemble(
            List<Integer> order,
            int[] treeParent,
            List<double[]> candidates,
            int[] choice,
            int[] group,
            double[] rel) {
        double[] g = new double[treeParent.length];
        for (int x : order) {
            g[x] = treeParent[x] < 0 ? 0 : g[treeParent[x]] + candidates.get(x)[choice[x]];
        }
        double[] o = new double[group.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = g[group[i]] + rel[i];
        }
        return o;
    }

    private double cost(double[] offsets, double[][] minDelta) {
        double[] o = normalise(offsets);
        double cost = 0;
        double l1 = 0;
        for (double x : o) {
            if (Math.abs(x) > sameClockMs) {
                cost += 1;
            }
            l1 += Math.abs(x);
        }
        for (int x = 0; x < o.length; x++) {
            for (int y = 0; y < o.length; y++) {
                if (x != y && !Double.isNaN(minDelta[x][y])) {
                    double d = minDelta[x][y] - (o[y] - o[x]);
                    if (d > significantDelayMs) {
                        cost += 1;
                    } else if (d < -significantDelayMs) {
                        cost += 100; // causality violated
                    }
                }
            }
        }
        return cost + 1e-3 * l1;
    }

    /**
     * Makes the largest set of agreeing clocks the reference (offset 0): a single skewed capture
     * point then shows the whole skew, the others none.
     */
    private double[] normalise(double[] offsets) {
        double bestRef = 0;
        int bestCount = -1;
        double bestL1 = Double.POSITIVE_INFINITY;
        for (double ref : offsets) {
            int count = 0;
            double l1 = 0;
            for (double x : offsets) {
                if (Math.abs(x - ref) <= sameClockMs) {
                    count++;
                }
                l1 += Math.abs(x - ref);
            }
            if (count > bestCount || (count == bestCount && l1 < bestL1)) {
                bestCount = count;
                bestRef = ref;
                bestL1 = l1;
            }
        }
        double[] out = new double[offsets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = offsets[i] - bestRef;
        }
        return out;
    }

    private double typicalMinimumDelay(double[][] m, int[] group) {
        List<Double> halves = new ArrayList<>();
        for (int a = 0; a < m.length; a++) {
            for (int b = a + 1; b < m.length; b++) {
                if (group[a] == group[b] && twoWay(m, a, b)) {
                    halves.add(Math.max(0, width(m, a, b) / 2));
                }
            }
        }
        if (halves.isEmpty()) {
            return 0.0;
        }
        halves.sort(Double::compare);
        return halves.get(halves.size() / 2);
    }

    private static boolean twoWay(double[][] m, int a, int b) {
        return !Double.isNaN(m[a][b]) && !Double.isNaN(m[b][a]);
    }

    private static boolean hasTwoWay(double[][] m, int a) {
        for (int b = 0; b < m.length; b++) {
            if (b != a && twoWay(m, a, b)) {
                return true;
            }
        }
        return false;
    }

    private static double width(double[][] m, int a, int b) {
        return m[a][b] + m[b][a];
    }

    /** o(b) - o(a) for a symmetric pair. */
    private static double middle(double[][] m, int a, int b) {
        return (m[a][b] - m[b][a]) / 2;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
