package io.carecache.internal.crypto;

import com.hazelcast.map.IMap;
import io.carecache.KeyRing;
import io.carecache.KeyRingException;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.WrappedSubjectKey;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Per-subject data keys (crypto-shredding): one random AES-256 key per subject, wrapped here with
 * AES-GCM under the ring's active key (the subject hash as associated data) and kept wrapped in the
 * grid map {@link #MAP} (and through its MapStore in MongoDB). Deleting a subject's key makes every
 * copy of its entries unreadable, wherever it survives. Unwrapped keys are never cached here, so a
 * key deleted by another process stops working in this one at once. Thread-safe.
 */
public final class SubjectKeys {
    /** The grid map of wrapped subject keys, keyed by subject hash. */
    public static final String MAP = "carecache-subject-keys";
    /** Prefix of {@link CacheEntry#keyId()} for entries sealed under a subject key. */
    public static final String KEY_ID_PREFIX = "subject:";
    private static final SecureRandom NONCES = new SecureRandom();

    private final IMap<String, WrappedSubjectKey> keys;
    private final AeadCipher cipher;
    private final Supplier<KeyRing> ring;
    private final Clock clock;

    public SubjectKeys(IMap<String, WrappedSubjectKey> keys, AeadCipher cipher, Supplier<KeyRing> ring, Clock clock) {
        this.keys = keys;
        this.cipher = cipher;
        this.ring = ring;
        this.clock = clock;
    }

    /** Whether the entry is sealed under a subject key. */
    public static boolean isSubjectSealed(CacheEntry entry) {
        return entry.keyId().startsWith(KEY_ID_PREFIX);
    }

    /**
     * The subject's key for sealing, created (and stored wrapped) on first use.
     *
     * @throws KeyRingException when the subject's key is wrapped under a key this ring does not hold
     */
    public EnvelopeCodec.DataKey forWriting(String subjectHash) {
        WrappedSubjectKey existing = keys.get(subjectHash);
        if (existing == null) {
            byte[] raw = KeyRing.randomKey();
            try {
                WrappedSubjectKey fresh = wrap(subjectHash, raw);
                existing = keys.putIfAbsent(subjectHash, fresh);
                if (existing == null) {
                    return new EnvelopeCodec.DataKey(keyId(subjectHash), new SecretKeySpec(raw, "AES"));
                }
            } finally {
                EnvelopeCodec.zero(raw);
            }
        }
        WrappedSubjectKey stored = existing;
        return unwrap(stored).orElseThrow(() -> new KeyRingException("the key of subject "
                + keyId(subjectHash) + " is wrapped under key id '" + stored.wrappingKeyId()
                + "', which the key ring does not hold"));
    }

    /** The subject's stored key, wrapped; empty once the subject was forgotten. */
    public Optional<WrappedSubjectKey> stored(String subjectHash) {
        return Optional.ofNullable(keys.get(subjectHash));
    }

    /** Unwraps a stored key; empty when the ring lacks the wrapping key or the wrap does not authenticate. */
    public Optional<SecretKey> unwrapKey(WrappedSubjectKey stored) {
        return unwrap(stored).map(EnvelopeCodec.DataKey::key);
    }

    /** What {@link #rewrap} did with one subject's key. */
    public enum Rewrap { REWRAPPED, ALREADY_CURRENT, GONE_OR_CHANGED, UNREADABLE }

    /**
     * Wraps the subject's key under the ring's active key instead of an older one (key rotation).
     * The key itself does not change, so its entries stay readable; the swap is conditional, so a
     * concurrent erasure or re-wrap wins.
     */
    public Rewrap rewrap(String subjectHash) {
        WrappedSubjectKey stored = keys.get(subjectHash);
        if (stored == null) {
            return Rewrap.GONE_OR_CHANGED;
        }
        if (stored.wrappingKeyId().equals(ring.get().activeKeyId())) {
            return Rewrap.ALREADY_CURRENT;
        }
        Optional<EnvelopeCodec.DataKey> key = unwrap(stored);
        if (key.isEmpty()) {
            return Rewrap.UNREADABLE;
        }
        byte[] raw = key.get().key().getEncoded();
        try {
            WrappedSubjectKey rewrapped = wrap(subjectHash, raw);
            WrappedSubjectKey fresh = new WrappedSubjectKey(subjectHash, rewrapped.wrappingKeyId(), rewrapped.nonce(), rewrapped.wrapped(),
                    stored.createdAtMillis());
            return keys.replace(subjectHash, stored, fresh) ? Rewrap.REWRAPPED : Rewrap.GONE_OR_CHANGED;
        } finally {
            EnvelopeCodec.zero(raw);
        }
    }

    /** Deletes the subject's key from the grid and, through the MapStore, from MongoDB. */
    public void forget(String subjectHash) {
        keys.delete(subjectHash);
    }

    /** The key id recorded in entries sealed under the subject's key: names no one, shows which subject key. */
    public static String keyId(String subjectHash) {
        return KEY_ID_PREFIX + subjectHash.substring(0, Math.min(16, subjectHash.length()));
    }

    private WrappedSubjectKey wrap(String subjectHash, byte[] raw) {
        KeyRing r = ring.get();
        String wrappingId = r.activeKeyId();
        byte[] nonce = new byte[AeadCipher.NONCE_BYTES];
        NONCES.nextBytes(nonce);
        byte[] wrapped = cipher.encrypt(r.secretKey(wrappingId).orElseThrow(), nonce, aad(subjectHash), raw, raw.length);
        return new WrappedSubjectKey(subjectHash, wrappingId, nonce, wrapped, clock.millis());
    }

    private Optional<EnvelopeCodec.DataKey> unwrap(WrappedSubjectKey stored) {
        Optional<SecretKey> wrapping = ring.get().secretKey(stored.wrappingKeyId());
        if (wrapping.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = null;
        try {
            raw = cipher.decrypt(wrapping.get(), stored.nonce(), aad(stored.subjectHash()), stored.wrapped());
            return Optional.of(new EnvelopeCodec.DataKey(keyId(stored.subjectHash()), new SecretKeySpec(raw, "AES")));
        } catch (EnvelopeAuthenticationFailure e) {
            return Optional.empty();
        } finally {
            EnvelopeCodec.zero(raw);
        }
    }

    private static byte[] aad(String subjectHash) {
        return ("carecache-subject-key:" + subjectHash).getBytes(StandardCharsets.US_ASCII);
    }
}
