package io.carecache;

/**
 * {@link CareCache#forgetSubject(String)} could not finish: either the subject's key could not be
 * deleted (nothing was erased), or it was deleted, so the subject's entries no longer decrypt
 * anywhere, but not all of its stored documents could be (MongoDB unreachable, say). The message
 * says which. Calling {@code forgetSubject} again finishes the erasure.
 */
public final class ErasureFailedException extends CareCacheException {
    public ErasureFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
