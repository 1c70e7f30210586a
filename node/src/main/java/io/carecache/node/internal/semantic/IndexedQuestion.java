package io.carecache.node.internal.semantic;

/**
 * What the semantic index map holds per cached answer (keyed by its cache key): the question's
 * embedding and its isolation attributes. The question itself is only there sealed by the SDK.
 * The source of truth for the postings ({@link Postings}), which are derived from it.
 *
 * @param fingerprint the context fingerprint; candidates never cross it
 * @param scope {@code shared} or {@code subject}
 * @param subjectHash the one-way subject id of a subject entry, else empty
 * @param modelId the embedding model; vectors of different models are never compared
 * @param vector the unit-length embedding
 * @param sealedQuestion the canonical question encrypted by the SDK
 * @param cluster the semantic cluster, -1 until the clustering job assigns one
 * @param expiresAtMillis when the answer expires everywhere
 * @param generation the clustering run ({@link CentroidSet#generation()}) {@code cluster} belongs to;
 *                   0 while unclustered
 */
public record IndexedQuestion(String fingerprint, String scope, String subjectHash, String modelId, float[] vector,
                              byte[] sealedQuestion, int cluster, long expiresAtMillis, long generation) {
    /** Buckets of a group before its first clustering run, chosen by cache-key hash. */
    static final int UNCLUSTERED_BUCKETS = 8;

    /** An unclustered question (generation 0), or one whose cluster's generation is unknown. */
    public IndexedQuestion(String fingerprint, String scope, String subjectHash, String modelId, float[] vector,
                           byte[] sealedQuestion, int cluster, long expiresAtMillis) {
        this(fingerprint, scope, subjectHash, modelId, vector, sealedQuestion, cluster, expiresAtMillis, 0L);
    }

    /** This question assigned to cluster {@code c} of generation {@code g} of its group. */
    public IndexedQuestion withCluster(long g, int c) {
        return new IndexedQuestion(fingerprint, scope, subjectHash, modelId, vector, sealedQuestion, c, expiresAtMillis, g);
    }

    /** This question with another sealed copy (re-sealed under a newer key). */
    public IndexedQuestion withSealedQuestion(byte[] sealed) {
        return new IndexedQuestion(fingerprint, scope, subjectHash, modelId, vector, sealed, cluster, expiresAtMillis,
                generation);
    }

    /** The centroid group this question is clustered in: its fingerprint under its model. */
    public String group() {
        return CentroidSet.group(fingerprint, modelId);
    }

    /** The postings bucket holding this question, stored under {@code cacheKey}. */
    String route(String cacheKey) {
        return generation == 0 || cluster < 0 ? unclusteredRoute(group(), cacheKey) : route(group(), generation, cluster);
    }

    /** The key of a bucket in {@code <map>-postings}: one cluster of one generation of one group. */
    static String route(String group, long generation, int cluster) {
        return group + "#" + generation + "#" + cluster;
    }

    /** The unclustered bucket of {@code cacheKey} in {@code group}. */
    static String unclusteredRoute(String group, String cacheKey) {
        return unclusteredRoute(group, Math.floorMod(cacheKey.hashCode(), UNCLUSTERED_BUCKETS));
    }

    static String unclusteredRoute(String group, int bucket) {
        return group + "#0#u" + bucket;
    }

    /** The generation part of a route. */
    static long generationOf(String route) {
        int last = route.lastIndexOf('#');
        int before = route.lastIndexOf('#', last - 1);
        return Long.parseLong(route.substring(before + 1, last));
    }

    /** The group part of a route. */
    static String groupOf(String route) {
        int last = route.lastIndexOf('#');
        return route.substring(0, route.lastIndexOf('#', last - 1));
    }
}
