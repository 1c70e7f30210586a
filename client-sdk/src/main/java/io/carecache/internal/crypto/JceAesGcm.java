package io.carecache.internal.crypto;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;

/** AES-GCM from the JDK provider, which uses AES-NI and CLMUL intrinsics on x86-64. */
public final class JceAesGcm implements AeadCipher {
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(JceAesGcm::newCipher);

    @Override
    public byte[] encrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] plaintext, int length) {
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            return c.doFinal(plaintext, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public byte[] decrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] ciphertext) {
        if (ciphertext.length < TAG_BITS / 8) {
            // Shorter than the tag: the JDK would throw ProviderException(ShortBufferException), unchecked.
            throw new EnvelopeAuthenticationFailure();
        }
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            return c.doFinal(ciphertext);
        } catch (GeneralSecurityException | IllegalArgumentException | java.security.ProviderException e) {
            // AEADBadTagException for a forged or damaged envelope; the others for malformed nonces
            // and whatever else a provider throws on bytes that are not an envelope.
            throw new EnvelopeAuthenticationFailure();
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required by every Java platform", e);
        }
    }
}
