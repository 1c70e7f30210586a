package io.carecache.node.internal.semantic;

/**
 * The k-means centroids of one group of the semantic index: the questions of one context
 * fingerprint under one embedding model (clusters never cross fingerprints, so neither do cluster
 * searches). Stored in {@code <map>-centroids} under {@link #group(String, String)}.
 *
 * @param fingerprint the context fingerprint
 * @param modelId the embedding model
 * @param centroids unit vectors, cluster id = index
 * @param entries how many questions were clustered
 * @param builtAtMillis when the run started
 * @param generation the run that built it: its buckets in {@code <map>-postings} are keyed by it, so a
 *                   new run's buckets never mix with the previous run's
 */
public record CentroidSet(String fingerprint, String modelId, float[][] centroids, int entries, long builtAtMillis,
                          long generation) implements java.io.Serializable {

    /** The key of a group's centroid set. */
    public static String group(String fingerprint, String modelId) {
        return fingerprint + "|" + modelId;
    }

    /** The postings bucket of {@code cluster}. */
    String route(int cluster) {
        return IndexedQuestion.route(group(fingerprint, modelId), generation, cluster);
    }

    /** The {@code probes} clusters whose centroids are most similar to {@code v}, best first. */
    int[] nearest(float[] v, int probes) {
        int n = Math.min(probes, centroids.length);
        int[] best = new int[n];
        double[] score = new double[n];
        int filled = 0;
        for (int j = 0; j < centroids.length; j++) {
            if (centroids[j].length != v.length) {
                continue;
            }
            double s = KMeans.dot(v, centroids[j]);
            int at = filled < n ? filled++ : n;
            // Insertion into the short best-first list.
            while (at > 0 && score[at - 1] < s) {
                if (at < n) {
                    score[at] = score[at - 1];
                    best[at] = best[at - 1];
                }
                at--;
            }
            if (at < n) {
                score[at] = s;
                best[at] = j;
            }
        }
        return java.util.Arrays.copyOf(best, filled);
    }
}
