package io.carecache;

/**
 * A request, context or response that CareCache refuses, naming the field and what is allowed.
 * Nothing stored is affected.
 */
public final class InvalidRequestException extends CareCacheException {
    private final String field;

    public InvalidRequestException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    /** The name of the offending field, e.g. {@code query} or {@code response}. */
    public String field() {
        return field;
    }
}
