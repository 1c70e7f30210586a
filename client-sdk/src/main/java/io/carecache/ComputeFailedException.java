package io.carecache;

/** The caller's {@link ResponseLoader} failed; nothing was cached. The cause is the loader's exception. */
public final class ComputeFailedException extends CareCacheException {
    public ComputeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
