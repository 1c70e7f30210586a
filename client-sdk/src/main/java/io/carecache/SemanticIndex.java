package io.carecache;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where semantic matching happens: the grid side that embeds questions and scores stored ones
 * next to the data. The node module provides the implementation (the SDK carries no model); give
 * it to {@link CareCache.Builder#semanticIndex}. Without one, lookups stop at the exact tiers.
 *
 * <p>Questions reach the index in clear only to be embedded; what it keeps is the vector and the
 * question sealed under the application's data key, which only the SDK can open for the lexical
 * check. Candidates never cross context fingerprints, scopes, subjects or embedding models.
 */
public interface SemanticIndex {

    /** Indexes the question of a stored answer. Best effort: failures must not fail the store. */
    void add(Indexed entry);

    /** Up to {@link Probe#limit()} indexed questions of the same partition of the world, best first. */
    List<Candidate> nearest(Probe probe);

    /** Forgets the question stored under {@code cacheKey}. */
    void remove(String cacheKey);

    /**
     * Forgets every indexed question of one subject (part of its erasure), wherever its answer is
     * stored: in the grid, or only in MongoDB.
     *
     * @param subjectHash the one-way subject id
     */
    void forgetSubject(String subjectHash);

    /**
     * Every indexed question sealed under a key other than {@code activeKeyId}: what re-encryption
     * after a rotation must move. The key id is read from the sealed question's clear header.
     */
    List<SealedQuestion> sealedUnderOtherKeys(String activeKeyId);

    /**
     * Replaces the sealed question of {@code cacheKey} with {@code resealed}, only if it is still
     * {@code expected} (a question indexed again meanwhile is never overwritten).
     *
     * @return whether it was replaced
     */
    boolean replaceSealed(String cacheKey, byte[] expected, byte[] resealed);

    /**
     * The dimension of the index's embeddings, when known: a caller-supplied
     * {@link CacheRequest#queryVector()} of another dimension is refused.
     */
    default OptionalInt dimensions() {
        return OptionalInt.empty();
    }

    /** Grid-wide activity of the index behind {@link CacheStats.Optimization}. */
    default Activity activity() {
        return new Activity(0, 0);
    }

    /**
     * Grid-wide counts of the clustering and warming jobs.
     *
     * @param clustersCreated clusters the k-means job has produced, over all its runs
     * @param warmedEntries entries loaded from L3 into the grid ahead of demand
     */
    record Activity(long clustersCreated, long warmedEntries) {
    }

    /**
     * An indexed question as the grid holds it.
     *
     * @param cacheKey its answer's cache key
     * @param sealed the canonical question, encrypted by the SDK
     */
    record SealedQuestion(String cacheKey, byte[] sealed) {
    }

    /**
     * A stored answer's question.
     *
     * @param cacheKey the answer's cache key
     * @param fingerprint the context fingerprint
     * @param scope {@code shared} or {@code subject}
     * @param subjectHash the one-way subject id of a subject entry, else empty
     * @param question the question, for embedding only: never stored
     * @param vector the question's embedding when the caller already has one
     * @param sealedQuestion the canonical question encrypted by the SDK
     * @param expiresAtMillis when the answer expires everywhere
     */
    record Indexed(String cacheKey, String fingerprint, String scope, String subjectHash, String question,
                   Optional<float[]> vector, byte[] sealedQuestion, long expiresAtMillis) {
    }

    /**
     * A semantic query.
     *
     * @param question the asked question, for embedding only
     * @param vector its embedding when the caller already has one
     * @param fingerprint the context fingerprint candidates must share
     * @param scope the scope candidates must share
     * @param subjectHash the subject candidates must belong to (empty for shared)
     * @param limit how many candidates at most
     * @param minSimilarity the lowest cosine worth returning
     */
    record Probe(String question, Optional<float[]> vector, String fingerprint, String scope, String subjectHash,
                 int limit, double minSimilarity) {
    }

    /**
     * A stored question near the probe.
     *
     * @param cacheKey its answer's cache key
     * @param similarity cosine similarity to the probe
     * @param sealedQuestion its canonical question, encrypted
     * @param viaCluster whether it was found by searching the probe's nearest clusters only
     */
    record Candidate(String cacheKey, double similarity, byte[] sealedQuestion, boolean viaCluster) {
        /** A candidate found by a full scan. */
        public Candidate(String cacheKey, double similarity, byte[] sealedQuestion) {
            this(cacheKey, similarity, sealedQuestion, false);
        }
    }
}
