package io.carecache;

/** The caller's pipeline (RAG + LLM) that produces an answer on a miss. */
@FunctionalInterface
public interface ResponseLoader {
    /** Produces the answer to {@code request}; may throw, in which case nothing is cached. */
    CareResponse compute(CacheRequest request) throws Exception;
}
