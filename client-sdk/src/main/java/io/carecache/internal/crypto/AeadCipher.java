package io.carecache.internal.crypto;

import javax.crypto.SecretKey;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag. Two implementations exist so the faster can
 * be chosen by measurement: {@link JceAesGcm} (the JDK's, AES-NI intrinsics) and
 * {@link BouncyCastleAesGcm}.
 */
public interface AeadCipher {
    int NONCE_BYTES = 12;
    int TAG_BITS = 128;

    /** Encrypts {@code plaintext[0..length)}; returns ciphertext with the tag appended. */
    byte[] encrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] plaintext, int length);

    /** Decrypts and authenticates; throws an unchecked authentication failure when the tag does not verify. */
    byte[] decrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] ciphertext);
}
