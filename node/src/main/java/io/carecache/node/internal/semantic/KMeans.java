package io.carecache.node.internal.semantic;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Spherical k-means with k-means++ seeding over unit vectors: distance is {@code 1 - cosine},
 * centroids are re-normalized means. Deterministic for a given input order and seed (the
 * assignment step runs in parallel, but each point's choice depends on nothing else).
 */
final class KMeans {
    /** Stop when fewer than this fraction of points change cluster in an iteration. */
    private static final double CONVERGED = 0.001;

    private KMeans() {
    }

    /**
     * The outcome.
     *
     * @param centroids k unit vectors
     * @param assignment each point's cluster, in input order
     * @param iterations Lloyd iterations run
     */
    record Result(float[][] centroids, int[] assignment, int iterations) {
    }

    /** How many clusters {@code n} points get: about sqrt(n/2), at least 1, at most {@code max} and {@code n}. */
    static int clustersFor(int n, int max) {
        return Math.max(1, Math.min(Math.min(n, max), (int) Math.round(Math.sqrt(n / 2.0))));
    }

    static Result run(List<float[]> points, int k, long seed, int maxIterations) {
        int n = points.size();
        if (n == 0) {
            return new Result(new float[0][], new int[0], 0);
        }
        k = Math.min(k, n);
        float[][] centroids = seed(points, k, new SplittableRandom(seed));
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        int iterations = 0;
        while (iterations < maxIterations) {
            iterations++;
            float[][] c = centroids;
            int[] next = IntStream.range(0, n).parallel().map(i -> nearest(points.get(i), c)).toArray();
            long changed = IntStream.range(0, n).filter(i -> next[i] != assignment[i]).count();
            System.arraycopy(next, 0, assignment, 0, n);
            centroids = means(points, assignment, centroids);
            if (changed <= CONVERGED * n) {
                break;
            }
        }
        return new Result(centroids, assignment, iterations);
    }

    /** The index of the centroid most similar to {@code v}. */
    static int nearest(float[] v, float[][] centroids) {
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < centroids.length; j++) {
            double s = dot(v, centroids[j]);
            if (s > bestSimilarity) {
                bestSimilarity = s;
                best = j;
            }
        }
        return best;
    }

    // Greedy k-means++ (as scikit-learn does it): each step draws a few candidates with probability
    // proportional to their distance from the chosen seeds and keeps the one that lowers the total
    // distance most, so two seeds rarely land in one tight group.
    private static float[][] seed(List<float[]> points, int k, SplittableRandom random) {
        int n = points.size();
        int trials = 2 + (int) Math.log(k);
        float[][] centroids = new float[k][];
        centroids[0] = points.get(random.nextInt(n)).clone();
        double[] distance = distances(points, centroids[0], null);
        for (int j = 1; j < k; j++) {
            double total = sum(distance);
            double bestTotal = Double.POSITIVE_INFINITY;
            double[] bestDistance = distance;
            int best = random.nextInt(n);
            for (int t = 0; t < trials; t++) {
                int candidate = total <= 0 ? random.nextInt(n) : draw(distance, random.nextDouble() * total);
                double[] d = distances(points, points.get(candidate), distance);
                double s = sum(d);
                if (s < bestTotal) {
                    bestTotal = s;
                    bestDistance = d;
                    best = candidate;
                }
            }
            centroids[j] = points.get(best).clone();
            distance = bestDistance;
        }
        return centroids;
    }

    // Each point's distance to c, or the smaller of that and its distance so far.
    private static double[] distances(List<float[]> points, float[] c, double[] sofar) {
        double[] out = new double[points.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> {
            double d = Math.max(0, 1 - dot(points.get(i), c));
            out[i] = sofar == null ? d : Math.min(sofar[i], d);
        });
        return out;
    }

    private static int draw(double[] distance, double target) {
        double running = 0;
        for (int i = 0; i < distance.length; i++) {
            running += distance[i];
            if (running >= target) {
                return i;
            }
        }
        return distance.length - 1;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static float[][] means(List<float[]> points, int[] assignment, float[][] previous) {
        int k = previous.length;
        int dims = previous[0].length;
        double[][] sums = new double[k][dims];
        int[] counts = new int[k];
        for (int i = 0; i < points.size(); i++) {
            float[] p = points.get(i);
            double[] s = sums[assignment[i]];
            for (int d = 0; d < dims; d++) {
                s[d] += p[d];
            }
            counts[assignment[i]]++;
        }
        float[][] out = new float[k][];
        for (int j = 0; j < k; j++) {
            if (counts[j] == 0) {
                out[j] = previous[j]; // an empty cluster keeps its centroid
                continue;
            }
            float[] c = new float[dims];
            for (int d = 0; d < dims; d++) {
                c[d] = (float) sums[j][d];
            }
            out[j] = Embedder.normalize(c);
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
