package io.carecache.node.internal.semantic;

/**
 * What the semantic index map holds per cached answer (keyed by its cache key): the question's
 * embedding and its isolation attributes. The question itself is only there sealed by the SDK.
 *
 * @param fingerprint the context fingerprint; candidates never cross it
 * @param scope {@code shared} or {@code subject}
 * @param subjectHash the one-way subject id of a subject entry, else empty
 * @param modelId the embedding model; vectors of different models are never compared
 * @param vector the unit-length embedding
 * @param sealedQuestion the canonical question encrypted by the SDK
 * @param cluster the semantic cluster, -1 until the clustering job assigns one
 * @param expiresAtMillis when the answer expires everywhere
 * @param clusterKey the centroid group and the cluster in one value ({@link #clusterKey(String, int)}): a
 *                   clustered lookup is then one hash-index probe per cluster. With separate indexes on
 *                   the fingerprint and the cluster, Hazelcast evaluates both, and a large fingerprint
 *                   costs a walk over its whole result set on every lookup.
 */
public record IndexedQuestion(String fingerprint, String scope, String subjectHash, String modelId, float[] vector,
                              byte[] sealedQuestion, int cluster, long expiresAtMillis, String clusterKey) {
    /** The indexed attribute a clustered lookup probes. */
    public static final String CLUSTER_KEY = "clusterKey";

    /** A question with its derived {@code clusterKey}. */
    public IndexedQuestion(String fingerprint, String scope, String subjectHash, String modelId, float[] vector,
                           byte[] sealedQuestion, int cluster, long expiresAtMillis) {
        this(fingerprint, scope, subjectHash, modelId, vector, sealedQuestion, cluster, expiresAtMillis,
                clusterKey(CentroidSet.group(fingerprint, modelId), cluster));
    }

    /** This question assigned to cluster {@code c} of its fingerprint. */
    public IndexedQuestion withCluster(int c) {
        return new IndexedQuestion(fingerprint, scope, subjectHash, modelId, vector, sealedQuestion, c, expiresAtMillis);
    }

    /** This question with another sealed copy (re-sealed under a newer key). */
    public IndexedQuestion withSealedQuestion(byte[] sealed) {
        return new IndexedQuestion(fingerprint, scope, subjectHash, modelId, vector, sealed, cluster, expiresAtMillis,
                clusterKey);
    }

    /** The {@code clusterKey} of cluster {@code cluster} of centroid group {@code group}. */
    public static String clusterKey(String group, int cluster) {
        return group + "#" + cluster;
    }

    /** The centroid group this question is clustered in: its fingerprint under its model. */
    public String group() {
        return CentroidSet.group(fingerprint, modelId);
    }
}
