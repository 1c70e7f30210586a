package io.carecache;

import java.util.Objects;

/**
 * A question to look up or store: the query text, the {@link CareContext} it was asked in and
 * the {@link Scope} of the answer.
 *
 * @param query the user's question as typed
 * @param context what the answer depends on besides the question
 * @param scope who may be served the answer
 */
public record CacheRequest(String query, CareContext context, Scope scope) {

    public CacheRequest {
        if (query == null || query.isBlank()) {
            throw new InvalidRequestException("query", "must be non-blank text");
        }
        if (context == null) {
            throw new InvalidRequestException("context", "is required (care contexts and generator version)");
        }
        Objects.requireNonNull(scope, "scope");
    }

    /** A request whose answer any user may receive. */
    public static CacheRequest shared(String query, CareContext context) {
        return new CacheRequest(query, context, Scope.shared());
    }

    /** A request whose answer belongs to one subject. */
    public static CacheRequest forSubject(String query, CareContext context, String subjectId) {
        return new CacheRequest(query, context, Scope.subject(subjectId));
    }
}
