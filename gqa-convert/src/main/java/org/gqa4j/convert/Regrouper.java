package org.gqa4j.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-aware grouping (in the spirit of AsymGQA and QCQA): instead of merging adjacent heads,
 * choose the partition of the KV heads into equal groups whose merge loses least, measured by
 * the merger's own {@link GroupCost} on calibration statistics. Exhaustive (dynamic programming
 * over subsets) when the number of candidate groups is small, which covers 8 heads and most splits of 16;
 * greedy otherwise.
 */
final class Regrouper {

    /** Exhaustive search evaluates every candidate group once; beyond this many, go greedy. */
    static final int MAX_CANDIDATE_GROUPS = 2_000;
    /** The DP tables have 2^n entries. */
    static final int MAX_EXHAUSTIVE_HEADS = 16;

    private Regrouper() {}

    /**
     * The KV order that makes the chosen groups contiguous: slot j of the result holds KV head
     * order[j]; groups are sorted by their smallest member and members ascending.
     */
    static int[] order(LayerStats stats, int groups, GroupCost cost) {
        int n = stats.layer.nKv;
        int size = n / groups;
        List<int[]> partition;
        if (size == 1 || groups == 1) {
            partition = new ArrayList<>();
            for (int j = 0; j < groups; j++) partition.add(range(j * size, size));
        } else if (n <= MAX_EXHAUSTIVE_HEADS && binomial(n, size) <= MAX_CANDIDATE_GROUPS) {
            partition = exhaustive(n, size, h -> cost.cost(stats, h));
        } else {
            partition = greedy(n, size, h -> cost.cost(stats, h));
        }
        partition.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] order = new int[n];
        int at = 0;
        for (int[] group : partition) for (int h : group) order[at++] = h;
        return order;
    }

    interface Cost {
        double of(int[] heads);
    }

    /** Best partition by DP over the set of unassigned heads; the lowest unassigned head opens each group. */
    static List<int[]> exhaustive(int n, int size, Cost cost) {
        Map<Integer, Double> groupCost = new HashMap<>();
        double[] best = new double[1 << n];
        int[] choice = new int[1 << n];
        Arrays.fill(best, Double.NaN);
        int all = (1 << n) - 1;
        solve(all, size, cost, groupCost, best, choice);
        List<int[]> out = new ArrayList<>();
        for (int left = all; left != 0; left &= ~choice[left]) out.add(members(choice[left]));
        return out;
    }

    private static double solve(int left, int size, Cost cost, Map<Integer, Double> groupCost, double[] best, int[] choice) {
        if (left == 0) return 0;
        if (!Double.isNaN(best[left])) return best[left];
        int lowest = Integer.numberOfTrailingZeros(left);
        int rest = left & ~(1 << lowest);
        double bestCost = Double.POSITIVE_INFINITY;
        int bestGroup = 0;
        for (int others : subsetsOfSize(rest, size - 1)) {
            int group = others | (1 << lowest);
            double c = groupCost.computeIfAbsent(group, gm -> cost.of(members(gm)))
                    + solve(left & ~group, size, cost, groupCost, best, choice);
            if (c < bestCost) {
                bestCost = c;
                bestGroup = group;
            }
        }
        best[left] = bestCost;
        choice[left] = bestGroup;
        return bestCost;
    }

    /** Each group opened by the lowest unassigned head, filled by the head that adds least cost. */
    static List<int[]> greedy(int n, int size, Cost cost) {
        boolean[] used = new boolean[n];
        List<int[]> out = new ArrayList<>();
        for (int seed = 0; seed < n; seed++) {
            if (used[seed]) continue;
            List<Integer> group = new ArrayList<>(List.of(seed));
            used[seed] = true;
            while (group.size() < size) {
                int pick = -1;
                double pickCost = Double.POSITIVE_INFINITY;
                for (int h = 0; h < n; h++) {
                    if (used[h]) continue;
                    List<Integer> trial = new ArrayList<>(group);
                    trial.add(h);
                    double c = cost.of(sorted(trial));
                    if (c < pickCost) {
                        pickCost = c;
                        pick = h;
                    }
                }
                group.add(pick);
                used[pick] = true;
            }
            out.add(sorted(group));
        }
        return out;
    }

    private static List<Integer> subsetsOfSize(int mask, int k) {
        List<Integer> out = new ArrayList<>();
        collect(mask, k, 0, out);
        return out;
    }

    private static void collect(int mask, int k, int acc, List<Integer> out) {
        if (k == 0) {
            out.add(acc);
            return;
        }
        if (Integer.bitCount(mask) < k) return;
        int low = Integer.lowestOneBit(mask);
        collect(mask & ~low, k - 1, acc | low, out);
        collect(mask & ~low, k, acc, out);
    }

    private static int[] members(int mask) {
        int[] m = new int[Integer.bitCount(mask)];
        int at = 0;
        for (int i = 0; i < 32; i++) if ((mask & (1 << i)) != 0) m[at++] = i;
        return m;
    }

    private static int[] sorted(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] range(int from, int count) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) r[i] = from + i;
        return r;
    }

    static long binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
