package io.carecache;

/**
 * The caller's pipeline failed so often that its circuit breaker is open
 * ({@link ComputeSettings}): {@link CareCache#getOrCompute} refused to run it and cached nothing.
 * Cached answers are still served; the breaker tries the pipeline again after its open duration.
 */
public final class PipelineUnavailableException extends CareCacheException {
    public PipelineUnavailableException(String message) {
        super(message);
    }
}
