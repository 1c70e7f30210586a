package io.carecache.node.internal.demo;

/**
 * Draws ranks 0..n-1 with Zipf weights 1/(rank+1)^s, by binary search over the cumulative
 * distribution: the skew of real question traffic, shared by the demo and the load generator.
 */
public final class ZipfRanks {
    private final double[] cumulative;

    /** Ranks 0..{@code n - 1} with exponent {@code s}. */
    public ZipfRanks(int n, double s) {
        double total = 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            total += 1.0 / Math.pow(i + 1, s);
            out[i] = total;
        }
        for (int i = 0; i < n; i++) {
            out[i] /= total;
        }
        out[n - 1] = 1.0;
        this.cumulative = out;
    }

    /** The rank that a uniform draw {@code u} in [0, 1) falls on. */
    public int rank(double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
