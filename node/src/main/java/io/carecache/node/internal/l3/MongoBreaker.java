package io.carecache.node.internal.l3;

import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A Resilience4j circuit breaker around one member's MongoDB calls from the MapStore. Once most
 * recent calls failed because MongoDB was unreachable, calls fail at once for {@link #openDuration}
 * instead of each waiting out the driver's server selection timeout: loads become the SDK's
 * degraded MISS, write-behind stores fail and stay queued in Hazelcast. Then a few trial calls
 * decide whether it closes again.
 *
 * <p>Only unreachability counts (timeouts, socket errors, a closed pool): a rejected document is
 * MongoDB answering, not MongoDB being down.
 */
public final class MongoBreaker {
    /** The breaker's name in {@code stats()} and in {@code carecache_circuit_state{name=...}}. */
    public static final String NAME = "mongodb";
    static final int WINDOW = 10;
    static final int MINIMUM_CALLS = 4;
    static final float FAILURE_RATE_PERCENT = 50f;
    static final int HALF_OPEN_CALLS = 2;
    /** How long an open breaker refuses calls before letting trial calls through. */
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(5);

    private final CircuitBreaker breaker;
    private final Duration openDuration;

    /** A breaker that stays open {@code openDuration} before its trial calls. */
    public MongoBreaker(Duration openDuration) {
        this.openDuration = openDuration;
        this.breaker = CircuitBreaker.of(NAME, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(WINDOW)
                .minimumNumberOfCalls(MINIMUM_CALLS)
                .failureRateThreshold(FAILURE_RATE_PERCENT)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_CALLS)
                // Half-open on time, not on the next call: the state metric then shows the retry phase.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(MongoBreaker::isUnreachable)
                .build());
    }

    /** A breaker with {@link #DEFAULT_OPEN_DURATION}. */
    public MongoBreaker() {
        this(DEFAULT_OPEN_DURATION);
    }

    /**
     * Runs {@code call} through the breaker.
     *
     * @throws io.github.resilience4j.circuitbreaker.CallNotPermittedException at once while open
     */
    <T> T call(Supplier<T> call) {
        return breaker.executeSupplier(call);
    }

    /** Runs {@code call} through the breaker. */
    void run(Runnable call) {
        breaker.executeRunnable(call);
    }

    /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String state() {
        return breaker.getState().name();
    }

    /** How long the breaker stays open before trial calls. */
    public Duration openDuration() {
        return openDuration;
    }

    static boolean isUnreachable(Throwable e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e instanceof MongoServerUnavailableException;
    }
}
