package io.carecache;

import java.util.Objects;
import java.util.Optional;

/**
 * A question to look up or store: the query text, the {@link CareContext} it was asked in and
 * the {@link Scope} of the answer; optionally the user asking, for rate limiting
 * ({@link RateLimitSettings}). The user never changes the cache key: a shared answer is shared
 * whoever asks.
 *
 * @param query the user's question as typed
 * @param context what the answer depends on besides the question
 * @param scope who may be served the answer
 * @param userId the user asking, whose rate limit the request counts against; empty for the application's own calls
 * @param plan the user's plan, choosing a limit from {@link RateLimitSettings#plans()}; empty for the default limit
 */
public record CacheRequest(String query, CareContext context, Scope scope, Optional<String> userId, Optional<String> plan) {

    public CacheRequest {
        if (query == null || query.isBlank()) {
            throw new InvalidRequestException("query", "must be non-blank text");
        }
        if (context == null) {
            throw new InvalidRequestException("context", "is required (care contexts and generator version)");
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(plan, "plan");
        userId.ifPresent(u -> {
            if (u.isBlank() || u.length() > 256) {
                throw new InvalidRequestException("userId", "must be 1 to 256 characters of non-blank text");
            }
        });
        if (plan.isPresent() && userId.isEmpty()) {
            throw new InvalidRequestException("plan", "needs a userId: plans choose a user's rate limit");
        }
    }

    /** A request made by no particular user (not rate limited). */
    public CacheRequest(String query, CareContext context, Scope scope) {
        this(query, context, scope, Optional.empty(), Optional.empty());
    }

    /** A request whose answer any user may receive. */
    public static CacheRequest shared(String query, CareContext context) {
        return new CacheRequest(query, context, Scope.shared());
    }

    /** A request whose answer belongs to one subject. */
    public static CacheRequest forSubject(String query, CareContext context, String subjectId) {
        return new CacheRequest(query, context, Scope.subject(subjectId));
    }

    /** This request made by {@code user}, limited by the default limit. */
    public CacheRequest withUser(String user) {
        return new CacheRequest(query, context, scope, Optional.of(requireUser(user)),
                Optional.empty());
    }

    /** This request made by {@code user} on {@code planName}, limited by that plan's limit. */
    public CacheRequest withUser(String user, String planName) {
        if (planName == null || planName.isBlank()) {
            throw new InvalidRequestException("plan", "must be a configured plan name");
        }
        return new CacheRequest(query, context, scope, Optional.of(requireUser(user)),
                Optional.of(planName));
    }

    private static String requireUser(String user) {
        if (user == null) {
            throw new InvalidRequestException("userId", "must be 1 to 256 characters of non-blank text");
        }
        return user;
    }
}
