package io.carecache.internal.crypto;

/** Unchecked signal from an {@link AeadCipher} that a tag did not verify; turned into a MISS by the SDK. */
final class EnvelopeAuthenticationFailure extends RuntimeException {
    EnvelopeAuthenticationFailure() {
        super("envelope failed authentication", null, false, false);
    }
}
