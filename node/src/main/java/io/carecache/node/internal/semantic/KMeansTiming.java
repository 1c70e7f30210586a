package io.carecache.node.internal.semantic;

import java.util.List;

/**
 * Internal, for the benchmarks module only (not an API): runs the clustering job's k-means on
 * given vectors outside Jet and times it, plus one assignment pass over all of them.
 */
public final class KMeansTiming {
    private KMeansTiming() {
    }

    /**
     * One timed run.
     *
     * @param clusters k, from the settings' cap as the job chooses it
     * @param iterations Lloyd iterations run
     * @param runNanos the whole k-means run (seeding, iterations, final assignment)
     * @param assignNanos one more pass assigning every point to its nearest final centroid
     * @param assignment the run's assignment, in input order
     */
    public record Timing(int clusters, int iterations, long runNanos, long assignNanos, int[] assignment) {
    }

    /** Clusters {@code points} as the job would with these settings, and times it. */
    public static Timing time(List<float[]> points, int maxClusters, long seed, int maxIterations) {
        int k = KMeans.clustersFor(points.size(), maxClusters);
        long start = System.nanoTime();
        KMeans.Result r = KMeans.run(points, k, seed, maxIterations);
        long run = System.nanoTime() - start;
        start = System.nanoTime();
        KMeans.assign(points.toArray(new float[0][]), r.centroids());
        long assign = System.nanoTime() - start;
        return new Timing(r.centroids().length, r.iterations(), run, assign, r.assignment());
    }
}
