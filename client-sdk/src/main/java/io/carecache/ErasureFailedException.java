package io.carecache;

/**
 * {@link CareCache#forgetSubject(String)} deleted the subject's key, so its entries can no longer
 * be decrypted anywhere, but could not delete all of its stored documents (MongoDB unreachable,
 * say). Calling {@code forgetSubject} again finishes the erasure.
 */
public final class ErasureFailedException extends CareCacheException {
    public ErasureFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
