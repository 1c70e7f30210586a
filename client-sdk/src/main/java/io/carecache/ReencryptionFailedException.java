package io.carecache;

/**
 * {@link CareCache#reencrypt()} could not list what is stored under older keys (no member answered,
 * MongoDB unreachable). Entries moved before it stopped stay moved; running it again finishes.
 */
public final class ReencryptionFailedException extends CareCacheException {
    public ReencryptionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
