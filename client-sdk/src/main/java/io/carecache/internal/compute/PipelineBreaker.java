package io.carecache.internal.compute;

import io.carecache.CareResponse;
import io.carecache.ComputeSettings;
import io.carecache.PipelineUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;

/**
 * A Resilience4j circuit breaker around the caller's pipeline. It belongs to this process: a
 * failing pipeline here says nothing about the pipelines of other applications on the grid.
 */
public final class PipelineBreaker {
    /** The breaker's name in {@code stats()}. */
    public static final String NAME = "pipeline";

    private final CircuitBreaker breaker;
    private final ComputeSettings settings;

    public PipelineBreaker(ComputeSettings settings) {
        this.settings = settings;
        this.breaker = CircuitBreaker.of(NAME, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindowSize())
                .minimumNumberOfCalls(settings.breakerWindowSize())
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                // Every loader exception counts: the pipeline is the caller's, we cannot tell its kinds apart.
                .recordExceptions(Exception.class)
                .build());
    }

    /**
     * Fails fast while the breaker is open, before any lease is taken or anyone waits. Takes no
     * permit: the call that really runs the pipeline asks again in {@link #call}.
     *
     * @throws PipelineUnavailableException when the breaker is open
     */
    public void checkAvailable() {
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            if (!breaker.tryAcquirePermission()) {
                throw unavailable();
            }
            // The open period is over and the breaker just went half-open: hand the permit back.
            breaker.releasePermission();
        }
    }

    /** Runs the pipeline through the breaker. */
    public CareResponse call(SingleFlight.Computation pipeline) throws Exception {
        try {
            return breaker.executeCallable(pipeline::compute);
        } catch (CallNotPermittedException e) {
            throw unavailable();
        }
    }

    /** {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ... */
    public String state() {
        return breaker.getState().name();
    }

    private PipelineUnavailableException unavailable() {
        Duration open = settings.breakerOpenDuration();
        return new PipelineUnavailableException("the response pipeline failed too often (at least "
                + settings.breakerFailureRatePercent() + " % of the last " + settings.breakerWindowSize()
                + " calls); its circuit breaker refuses calls for " + open.toSeconds() + " s ("
                + ComputeSettings.BREAKER_OPEN + "), cached answers are still served");
    }
}
