package io.carecache;

import java.time.Duration;
import java.util.Objects;

/**
 * A user made more requests than their limit allows ({@link RateLimitSettings}). Nothing was
 * looked up or computed. Retry after {@link #retryAfter()}, e.g. as an HTTP 429 with a
 * {@code Retry-After} header.
 */
public final class RateLimitExceededException extends CareCacheException {
    private final String userId;
    private final Duration retryAfter;

    public RateLimitExceededException(String userId, Duration retryAfter, String limitDescription) {
        // The user id stays out of the message: messages end up in logs.
        super("rate limit exceeded (" + limitDescription + "); retry after " + retryAfter.toMillis() + " ms");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.retryAfter = retryAfter;
    }

    /** The user whose bucket was empty. */
    public String userId() {
        return userId;
    }

    /** How long until the user's bucket holds a token again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
