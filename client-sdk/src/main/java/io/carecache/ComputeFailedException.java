package io.carecache;

/**
 * The caller's {@link ResponseLoader} failed, here or on the member or client that computed the
 * answer for everyone waiting on the same key; nothing was cached. When the loader ran in this
 * process, the cause is its exception.
 */
public final class ComputeFailedException extends CareCacheException {
    public ComputeFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public ComputeFailedException(String message) {
        super(message);
    }
}
