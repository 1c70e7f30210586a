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
 */
public record IndexedQuestion(String fingerprint, String scope, String subjectHash, String modelId, float[] vector,
                              byte[] sealedQuestion, int cluster, long expiresAtMillis) {

    /** This question assigned to cluster {@code c} of its fingerprint. */
    public IndexedQuestion withCluster(int c) {
        return new IndexedQuestion(fingerprint, scope, subjectHash, modelId, vector, sealedQuestion, c, expiresAtMillis);
    }

    /** The centroid group this question is clustered in: its fingerprint under its model. */
    public String group() {
        return CentroidSet.group(fingerprint, modelId);
    }
}
