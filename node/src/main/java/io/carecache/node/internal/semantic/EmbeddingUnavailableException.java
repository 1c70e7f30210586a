package io.carecache.node.internal.semantic;

/** The embedding service could not embed a question (timeout, error, open circuit); the lookup falls back to a miss. */
public final class EmbeddingUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
