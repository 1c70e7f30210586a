package io.carecache.internal.semantic;

import io.carecache.KeyRing;
import io.carecache.internal.crypto.AeadCipher;

import javax.crypto.SecretKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Encrypts the canonical question kept beside an indexed vector, so the grid can hand it back for
 * the lexical check without ever holding it in clear. AES-GCM under the ring's active key, the
 * cache key as associated data (a sealed question moved to another entry does not open).
 * Layout: version byte, key-id length, key id (UTF-8), nonce, ciphertext with tag.
 */
public final class QuestionSealer {
    private static final byte VERSION = 1;
    private static final SecureRandom NONCES = new SecureRandom();

    private final Supplier<KeyRing> ring;
    private final AeadCipher cipher;

    public QuestionSealer(Supplier<KeyRing> ring, AeadCipher cipher) {
        this.ring = ring;
        this.cipher = cipher;
    }

    public byte[] seal(String cacheKey, String canonicalQuestion) {
        KeyRing r = ring.get();
        String keyId = r.activeKeyId();
        SecretKey key = r.secretKey(keyId).orElseThrow();
        byte[] nonce = new byte[AeadCipher.NONCE_BYTES];
        NONCES.nextBytes(nonce);
        byte[] plain = canonicalQuestion.getBytes(StandardCharsets.UTF_8);
        byte[] ct = cipher.encrypt(key, nonce, aad(cacheKey), plain, plain.length);
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + nonce.length + ct.length)
                .put(VERSION).put((byte) id.length).put(id).put(nonce).put(ct).array();
    }

    /**
     * The id of the key a sealed question is under, read from its clear header (the grid lists what a
     * rotation must move by it), or empty when the bytes are not a sealed question.
     */
    public static Optional<String> keyId(byte[] sealed) {
        if (sealed.length < 2 || sealed[0] != VERSION || sealed.length < 2 + (sealed[1] & 0xff)) {
            return Optional.empty();
        }
        return Optional.of(new String(sealed, 2, sealed[1] & 0xff, StandardCharsets.UTF_8));
    }

    /** {@code sealed} opened and sealed again under the ring's active key, or empty when it does not open. */
    public Optional<byte[]> reseal(String cacheKey, byte[] sealed) {
        return open(cacheKey, sealed).map(question -> seal(cacheKey, question));
    }

    /** The question, or empty when it does not authenticate (foreign, tampered, unknown key). */
    public Optional<String> open(String cacheKey, byte[] sealed) {
        try {
            ByteBuffer in = ByteBuffer.wrap(sealed);
            if (in.get() != VERSION) {
                return Optional.empty();
            }
            byte[] id = new byte[in.get() & 0xff];
            in.get(id);
            byte[] nonce = new byte[AeadCipher.NONCE_BYTES];
            in.get(nonce);
            byte[] ct = new byte[in.remaining()];
            in.get(ct);
            Optional<SecretKey> key = ring.get().secretKey(new String(id, StandardCharsets.UTF_8));
            if (key.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new String(cipher.decrypt(key.get(), nonce, aad(cacheKey), ct), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // Authentication failure (tampered, moved, foreign) or a truncated layout.
            return Optional.empty();
        }
    }

    private static byte[] aad(String cacheKey) {
        return ("question:" + cacheKey).getBytes(StandardCharsets.US_ASCII);
    }
}
