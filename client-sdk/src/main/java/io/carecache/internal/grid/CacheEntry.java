package io.carecache.internal.grid;

import java.util.List;
import java.util.Objects;

/**
 * What the grid and MongoDB hold for one cached answer: the AES-GCM envelope and clear
 * metadata. No plaintext: the answer exists only inside {@link #ciphertext()}.
 *
 * @param key the cache key (64 hex chars of SHA-256); also the AES-GCM associated data
 * @param keyId the id of the data key the envelope is encrypted under
 * @param nonce the 96-bit GCM nonce
 * @param ciphertext the encrypted (optionally compressed) answer, GCM tag included
 * @param flags envelope format bits, see {@link #FLAG_COMPRESSED}
 * @param createdAtMillis when the answer was stored, epoch millis
 * @param expiresAtMillis when the answer expires everywhere (the L3 TTL), epoch millis
 * @param fingerprint hash of the care context the answer depends on
 * @param careContexts the care contexts, for clustering and erasure queries
 * @param semanticCluster the semantic cluster id, {@link #NO_CLUSTER} until assigned
 * @param scope {@code shared} or {@code subject}
 * @param subjectHash keyed hash of the subject id for subject-scoped entries, else empty
 * @param origin where a read found the entry ({@link #ORIGIN_L2} or {@link #ORIGIN_L3}); set on the
 *               member answering a get, never stored
 */
public record CacheEntry(String key, String keyId, byte[] nonce, byte[] ciphertext, int flags,
                         long createdAtMillis, long expiresAtMillis, String fingerprint,
                         List<String> careContexts, int semanticCluster, String scope,
                         String subjectHash, int origin) {

    public static final int FLAG_COMPRESSED = 1;
    public static final int NO_CLUSTER = -1;
    public static final int ORIGIN_L2 = 0;
    public static final int ORIGIN_L3 = 1;

    public CacheEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(fingerprint, "fingerprint");
        careContexts = List.copyOf(careContexts);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(subjectHash, "subjectHash");
    }

    /** Whether the entry has expired at {@code nowMillis}. */
    public boolean isExpiredAt(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    /** Whether the answer was compressed before encryption. */
    public boolean isCompressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    /** This entry as found by a read-through load from L3. */
    public CacheEntry loadedFromL3() {
        return withOrigin(ORIGIN_L3);
    }

    /** This entry with another origin marker. */
    public CacheEntry withOrigin(int newOrigin) {
        return new CacheEntry(key, keyId, nonce, ciphertext, flags, createdAtMillis, expiresAtMillis,
                fingerprint, careContexts, semanticCluster, scope, subjectHash, newOrigin);
    }

    /** This entry assigned to a semantic cluster. */
    public CacheEntry withSemanticCluster(int cluster) {
        return new CacheEntry(key, keyId, nonce, ciphertext, flags, createdAtMillis, expiresAtMillis,
                fingerprint, careContexts, cluster, scope, subjectHash, origin);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheEntry other
                && key.equals(other.key) && keyId.equals(other.keyId)
                && java.util.Arrays.equals(nonce, other.nonce)
                && java.util.Arrays.equals(ciphertext, other.ciphertext)
                && flags == other.flags && createdAtMillis == other.createdAtMillis
                && expiresAtMillis == other.expiresAtMillis && fingerprint.equals(other.fingerprint)
                && careContexts.equals(other.careContexts) && semanticCluster == other.semanticCluster
                && scope.equals(other.scope) && subjectHash.equals(other.subjectHash);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + java.util.Arrays.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "CacheEntry[key=" + key + ", keyId=" + keyId + ", bytes=" + ciphertext.length
                + ", expiresAt=" + expiresAtMillis + ", cluster=" + semanticCluster + ", scope=" + scope + "]";
    }
}
