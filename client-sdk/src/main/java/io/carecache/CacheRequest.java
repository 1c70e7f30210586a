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
 * @param queryVector the query's embedding when the caller already has one (a RAG pipeline embeds the
 *                    question anyway): semantic lookup and indexing then use it and embed nothing;
 *                    see {@link #withQueryVector(float[])}
 */
public record CacheRequest(String query, CareContext context, Scope scope, Optional<String> userId, Optional<String> plan,
                           Optional<float[]> queryVector) {
    /** The largest accepted {@link #queryVector()} dimension. */
    public static final int MAX_VECTOR_DIMENSIONS = 8192;

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
        Objects.requireNonNull(queryVector, "queryVector");
        // A defensive copy: the caller's array may be reused for the next query.
        queryVector = queryVector.map(CacheRequest::checkedVector);
    }

    /** A request without a caller-supplied embedding. */
    public CacheRequest(String query, CareContext context, Scope scope, Optional<String> userId, Optional<String> plan) {
        this(query, context, scope, userId, plan, Optional.empty());
    }

    /** A request made by no particular user (not rate limited). */
    public CacheRequest(String query, CareContext context, Scope scope) {
        this(query, context, scope, Optional.empty(), Optional.empty());
    }

    /** The caller's embedding of the query, a copy. */
    @Override
    public Optional<float[]> queryVector() {
        return queryVector.map(float[]::clone);
    }

    /**
     * This request with the query's embedding, computed by the caller with the same model as the
     * grid's index (BGE-small-en-v1.5 by default: 384 dimensions). No embedding is computed for
     * this request's lookup or store; a vector of another dimension is refused there.
     *
     * @throws InvalidRequestException naming {@code queryVector} when it is empty, too long, not finite or all zeros
     */
    public CacheRequest withQueryVector(float[] vector) {
        if (vector == null) {
            throw new InvalidRequestException("queryVector", "must be a vector of 1 to " + MAX_VECTOR_DIMENSIONS + " finite floats");
        }
        return new CacheRequest(query, context, scope, userId, plan, Optional.of(vector));
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
                Optional.empty(), queryVector);
    }

    /** This request made by {@code user} on {@code planName}, limited by that plan's limit. */
    public CacheRequest withUser(String user, String planName) {
        if (planName == null || planName.isBlank()) {
            throw new InvalidRequestException("plan", "must be a configured plan name");
        }
        return new CacheRequest(query, context, scope, Optional.of(requireUser(user)),
                Optional.of(planName), queryVector);
    }

    private static float[] checkedVector(float[] v) {
        if (v.length == 0 || v.length > MAX_VECTOR_DIMENSIONS) {
            throw new InvalidRequestException("queryVector", "must have 1 to " + MAX_VECTOR_DIMENSIONS
                    + " dimensions, got " + v.length);
        }
        boolean nonZero = false;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new InvalidRequestException("queryVector", "must hold finite floats only (no NaN or infinity)");
            }
            nonZero |= x != 0f;
        }
        if (!nonZero) {
            throw new InvalidRequestException("queryVector", "must not be all zeros (it has no direction)");
        }
        return v.clone();
    }

    private static String requireUser(String user) {
        if (user == null) {
            throw new InvalidRequestException("userId", "must be 1 to 256 characters of non-blank text");
        }
        return user;
    }
}
