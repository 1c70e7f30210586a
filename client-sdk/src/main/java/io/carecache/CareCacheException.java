package io.carecache;

/** The base of every exception CareCache throws across its public API. */
public abstract class CareCacheException extends RuntimeException {
    protected CareCacheException(String message) {
        super(message);
    }

    protected CareCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
