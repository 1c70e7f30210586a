package io.carecache.internal.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.io.Serial;
import java.util.Arrays;
import java.util.Map;

/**
 * Puts a re-sealed envelope into an entry on its owner, only if the entry still holds the envelope
 * that was re-sealed (same nonce): a write that landed meanwhile is newer and wins. Metadata and the
 * entry's expiry are kept; the change reaches L3 through the MapStore and invalidates near caches.
 * Carries ciphertext only.
 */
public final class ReplaceEnvelope implements EntryProcessor<String, CacheEntry, Boolean> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] expectedNonce;
    private final String keyId;
    private final byte[] nonce;
    private final byte[] ciphertext;
    private final int flags;

    public ReplaceEnvelope(byte[] expectedNonce, CacheEntry resealed) {
        this.expectedNonce = expectedNonce.clone();
        this.keyId = resealed.keyId();
        this.nonce = resealed.nonce();
        this.ciphertext = resealed.ciphertext();
        this.flags = resealed.flags();
    }

    @Override
    public Boolean process(Map.Entry<String, CacheEntry> entry) {
        CacheEntry current = entry.getValue();
        if (current == null || !Arrays.equals(current.nonce(), expectedNonce)) {
            return Boolean.FALSE;
        }
        CacheEntry next = new CacheEntry(current.key(), keyId, nonce, ciphertext, flags, current.createdAtMillis(),
                current.expiresAtMillis(), current.fingerprint(), current.careContexts(), current.semanticCluster(),
                current.scope(), current.subjectHash(), CacheEntry.ORIGIN_L2);
        ((ExtendedMapEntry<String, CacheEntry>) entry).setValueWithoutChangingExpiryTime(next);
        return Boolean.TRUE;
    }
}
