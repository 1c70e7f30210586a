package io.carecache.internal.crypto;

import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.SecretKey;

/** AES-GCM from BouncyCastle's lightweight API (pure Java), measured against {@link JceAesGcm}. */
public final class BouncyCastleAesGcm implements AeadCipher {

    @Override
    public byte[] encrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] plaintext, int length) {
        GCMModeCipher gcm = init(true, key, nonce, associatedData);
        byte[] out = new byte[gcm.getOutputSize(length)];
        int n = gcm.processBytes(plaintext, 0, length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    @Override
    public byte[] decrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] ciphertext) {
        try {
            GCMModeCipher gcm = init(false, key, nonce, associatedData);
            byte[] out = new byte[Math.max(0, gcm.getOutputSize(ciphertext.length))];
            int n = gcm.processBytes(ciphertext, 0, ciphertext.length, out, 0);
            gcm.doFinal(out, n);
            return out;
        } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException | DataLengthException e) {
            // IllegalArgumentException: an empty nonce, refused by init; the rest: not an envelope.
            throw new EnvelopeAuthenticationFailure();
        }
    }

    private static GCMModeCipher init(boolean encrypt, SecretKey key, byte[] nonce, byte[] aad) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key.getEncoded()), TAG_BITS, nonce, aad));
        return gcm;
    }
}
