package io.carecache.node.internal.semantic;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Spherical k-means with k-means++ seeding over unit vectors: distance is {@code 1 - cosine},
 * centroids are re-normalized means. Large inputs are trained on a sample, as FAISS and
 * scikit-learn's MiniBatch k-means do: at most {@value #MAX_POINTS_PER_CENTROID} points per
 * centroid for the Lloyd iterations and a smaller subset of those for seeding; then every point is
 * assigned to its nearest final centroid in one parallel pass. Deterministic for a given input
 * order and seed (the sample is drawn from the seed; parallel steps decide each point on its own).
 */
final class KMeans {
    /** Stop when fewer than this fraction of the training points change cluster in an iteration. */
    private static final double CONVERGED = 0.001;
    /** FAISS's {@code max_points_per_centroid}: beyond this a bigger sample barely moves the centroids. */
    static final int MAX_POINTS_PER_CENTROID = 256;
    /**
     * Seeding evaluates 2 + ln k candidates per seed against every seeding point, so it runs on
     * fewer points: at least this many, or {@value #SEED_POINTS_PER_CENTROID} per centroid
     * (scikit-learn's MiniBatch seeds on 3 batches, about 3000 points).
     */
    private static final int SEED_POINTS_MIN = 4096;
    private static final int SEED_POINTS_PER_CENTROID = 4;
    /** Points per parallel task in an assignment pass. */
    private static final int CHUNK = 512;

    private KMeans() {
    }

    /**
     * The outcome.
     *
     * @param centroids k unit vectors
     * @param assignment each point's nearest centroid, in input order
     * @param iterations Lloyd iterations run (on the training sample)
     */
    record Result(float[][] centroids, int[] assignment, int iterations) {
    }

    /** How many clusters {@code n} points get: about sqrt(n/2), at least 1, at most {@code max} and {@code n}. */
    static int clustersFor(int n, int max) {
        return Math.max(1, Math.min(Math.min(n, max), (int) Math.round(Math.sqrt(n / 2.0))));
    }

    static Result run(List<float[]> points, int k, long seed, int maxIterations) {
        return run(points, k, seed, maxIterations, MAX_POINTS_PER_CENTROID);
    }

    /** As {@link #run(List, int, long, int)} with another training sample bound (tests compare). */
    static Result run(List<float[]> points, int k, long seed, int maxIterations, int maxPointsPerCentroid) {
        int n = points.size();
        if (n == 0) {
            return new Result(new float[0][], new int[0], 0);
        }
        float[][] all = points.toArray(new float[0][]);
        int dims = all[0].length;
        for (float[] p : all) {
            if (p.length != dims) {
                throw new IllegalArgumentException("vectors of different dimensions: " + dims + " and " + p.length);
            }
        }
        k = Math.min(k, n);
        SplittableRandom random = new SplittableRandom(seed);
        int m = (int) Math.min(n, (long) maxPointsPerCentroid * k);
        int s = Math.min(m, Math.max(SEED_POINTS_MIN, SEED_POINTS_PER_CENTROID * k));
        float[][] training = all;
        float[][] seeding = all;
        if (s < n) {
            // A partial Fisher-Yates shuffle: its first m indices are the training sample, the first s
            // of those the seeding subset. Small inputs draw nothing, so they cluster exactly as before.
            int[] order = IntStream.range(0, n).toArray();
            for (int i = 0; i < m; i++) {
                int j = i + random.nextInt(n - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            seeding = pick(all, order, s, false);
            training = m < n ? pick(all, order, m, true) : all;
        }
        float[][] centroids = seed(seeding, k, random);
        int[] assignment = new int[training.length];
        Arrays.fill(assignment, -1);
        int iterations = 0;
        while (iterations < maxIterations) {
            iterations++;
            int[] next = assign(training, centroids);
            long changed = 0;
            for (int i = 0; i < next.length; i++) {
                if (next[i] != assignment[i]) {
                    changed++;
                }
            }
            assignment = next;
            centroids = means(training, assignment, centroids);
            if (changed <= CONVERGED * training.length) {
                break;
            }
        }
        return new Result(centroids, assign(all, centroids), iterations);
    }

    // The first `count` points named by order; sorted back into input order when asked (memory locality).
    private static float[][] pick(float[][] all, int[] order, int count, boolean sorted) {
        int[] chosen = Arrays.copyOf(order, count);
        if (sorted) {
            Arrays.sort(chosen);
        }
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = all[chosen[i]];
        }
        return out;
    }

    /** Each point's nearest centroid (most similar), computed in parallel; ties go to the lower index. */
    static int[] assign(float[][] points, float[][] centroids) {
        int n = points.length;
        int k = centroids.length;
        float[][] columns = transpose(centroids);
        int[] out = new int[n];
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            float[] sp = new float[k];
            float[] sq = new float[k];
            int to = Math.min(n, (c + 1) * CHUNK);
            int i = c * CHUNK;
            for (; i + 1 < to; i += 2) {
                scores(points[i], points[i + 1], columns, sp, sq);
                out[i] = argmax(sp);
                out[i + 1] = argmax(sq);
            }
            if (i < to) {
                scores(points[i], points[i], columns, sp, sq);
                out[i] = argmax(sp);
            }
        });
        return out;
    }

    // Centroids as columns: columns[d][j] is centroid j's coordinate d.
    private static float[][] transpose(float[][] centroids) {
        int dims = centroids[0].length;
        float[][] out = new float[dims][centroids.length];
        for (int j = 0; j < centroids.length; j++) {
            float[] c = centroids[j];
            for (int d = 0; d < dims; d++) {
                out[d][j] = c[d];
            }
        }
        return out;
    }

    // The similarity of p and of q to every centroid. The inner loop runs over centroids with the same
    // index into each array, which C2 turns into SIMD; a dot product's reduction it would not. Two
    // points per pass read each centroid column once for both. Each lane sums over d in order, so a
    // point's scores do not depend on the point it is paired with.
    private static void scores(float[] p, float[] q, float[][] columns, float[] sp, float[] sq) {
        int k = sp.length;
        Arrays.fill(sp, 0f);
        Arrays.fill(sq, 0f);
        for (int d = 0; d < columns.length; d++) {
            float pd = p[d];
            float qd = q[d];
            float[] column = columns[d];
            for (int j = 0; j < k; j++) {
                float c = column[j];
                sp[j] += pd * c;
                sq[j] += qd * c;
            }
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        float bestValue = values[0];
        for (int j = 1; j < values.length; j++) {
            if (values[j] > bestValue) {
                bestValue = values[j];
                best = j;
            }
        }
        return best;
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
    private static float[][] seed(float[][] points, int k, SplittableRandom random) {
        int n = points.length;
        int trials = 2 + (int) Math.log(k);
        float[][] centroids = new float[k][];
        centroids[0] = points[random.nextInt(n)].clone();
        double[] distance = distances(points, centroids[0], null);
        for (int j = 1; j < k; j++) {
            double total = sum(distance);
            double bestTotal = Double.POSITIVE_INFINITY;
            double[] bestDistance = distance;
            int best = random.nextInt(n);
            for (int t = 0; t < trials; t++) {
                int candidate = total <= 0 ? random.nextInt(n) : draw(distance, random.nextDouble() * total);
                double[] d = distances(points, points[candidate], distance);
                double s = sum(d);
                if (s < bestTotal) {
                    bestTotal = s;
                    bestDistance = d;
                    best = candidate;
                }
            }
            centroids[j] = points[best].clone();
            distance = bestDistance;
        }
        return centroids;
    }

    // Each point's distance to c, or the smaller of that and its distance so far.
    private static double[] distances(float[][] points, float[] c, double[] sofar) {
        double[] out = new double[points.length];
        IntStream range = IntStream.range(0, out.length);
        (out.length >= 2048 ? range.parallel() : range).forEach(i -> {
            double d = Math.max(0, 1 - dot(points[i], c));
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

    private static float[][] means(float[][] points, int[] assignment, float[][] previous) {
        int k = previous.length;
        int dims = previous[0].length;
        double[][] sums = new double[k][dims];
        int[] counts = new int[k];
        for (int i = 0; i < points.length; i++) {
            float[] p = points[i];
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

    /** The dot product of two vectors of equal length (cosine similarity for unit vectors). */
    static double dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    /**
     * The dot product of {@code q} with the vector of {@code q.length} floats stored at
     * {@code offset} in {@code flat} (a row of an n × dims array).
     */
    static double dot(float[] q, float[] flat, int offset) {
        // Eight independent float sums: C2 keeps a single running sum strictly in order, one add
        // latency per element; eight chains overlap. On unit vectors the rounding stays below 1e-6.
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int n = q.length;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int o = offset + i;
            s0 += q[i] * flat[o];
            s1 += q[i + 1] * flat[o + 1];
            s2 += q[i + 2] * flat[o + 2];
            s3 += q[i + 3] * flat[o + 3];
            s4 += q[i + 4] * flat[o + 4];
            s5 += q[i + 5] * flat[o + 5];
            s6 += q[i + 6] * flat[o + 6];
            s7 += q[i + 7] * flat[o + 7];
        }
        for (; i < n; i++) {
            s0 += q[i] * flat[offset + i];
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
