package io.carecache;

import java.time.Duration;

/**
 * How {@link CareCache#getOrCompute} runs the caller's pipeline: once per key across the whole
 * cluster, behind a circuit breaker.
 *
 * <p>The process that misses first takes a lease on the key in the {@value CareCacheGrid#IN_FLIGHT_MAP}
 * map and runs the pipeline; every other caller, on any member or client, waits at most
 * {@code waitTimeout} for its answer or its failure. The leader renews its lease while it
 * computes; a leader that dies stops renewing, the lease lapses after {@code leaseTtl} and a
 * waiter takes over.
 *
 * <p>The breaker counts this process's pipeline calls in a window of the last {@code breakerWindowSize};
 * once that many calls were made and at least {@code breakerFailureRatePercent} of them failed it
 * opens: for {@code breakerOpenDuration} every miss fails fast with {@link PipelineUnavailableException}
 * (cached answers are still served), then {@code breakerHalfOpenCalls} trial calls decide whether
 * it closes again.
 *
 * @param waitTimeout longest a caller waits for a computation running elsewhere
 * @param leaseTtl how long a leader's lease survives without renewal
 * @param breakerFailureRatePercent failure rate, 1-100 %, that opens the breaker
 * @param breakerWindowSize calls the failure rate is computed over (and the minimum before it can open)
 * @param breakerOpenDuration how long an open breaker refuses calls before trying again
 * @param breakerHalfOpenCalls trial calls that decide whether the breaker closes
 */
public record ComputeSettings(Duration waitTimeout, Duration leaseTtl, int breakerFailureRatePercent,
                              int breakerWindowSize, Duration breakerOpenDuration, int breakerHalfOpenCalls) {

    public static final String WAIT_TIMEOUT = "compute.wait-timeout-seconds";
    public static final String LEASE_TTL = "compute.lease-ttl-seconds";
    public static final String BREAKER_FAILURE_RATE = "compute.breaker.failure-rate-percent";
    public static final String BREAKER_WINDOW_SIZE = "compute.breaker.window-size";
    public static final String BREAKER_OPEN = "compute.breaker.open-seconds";
    public static final String BREAKER_HALF_OPEN_CALLS = "compute.breaker.half-open-calls";

    /** Wait 30 s, lease 10 s; the breaker opens at 50 % failures of the last 20 calls, for 30 s, then tries 3 calls. */
    public static final ComputeSettings DEFAULTS = new ComputeSettings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            50, 20, Duration.ofSeconds(30), 3);

    public ComputeSettings {
        inRange(WAIT_TIMEOUT, seconds(waitTimeout), 1, 600);
        inRange(LEASE_TTL, seconds(leaseTtl), 1, 300);
        inRange(BREAKER_FAILURE_RATE, breakerFailureRatePercent, 1, 100);
        inRange(BREAKER_WINDOW_SIZE, breakerWindowSize, 1, 10_000);
        inRange(BREAKER_OPEN, seconds(breakerOpenDuration), 1, 3600);
        inRange(BREAKER_HALF_OPEN_CALLS, breakerHalfOpenCalls, 1, 1000);
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static long seconds(Duration d) {
        return d == null ? -1 : d.toSeconds();
    }

    private static void inRange(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(setting, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** Builds {@link ComputeSettings}; every value is validated by {@link #build()}. */
    public static final class Builder {
        private Duration waitTimeout;
        private Duration leaseTtl;
        private int failureRatePercent;
        private int windowSize;
        private Duration openDuration;
        private int halfOpenCalls;

        private Builder(ComputeSettings from) {
            waitTimeout = from.waitTimeout;
            leaseTtl = from.leaseTtl;
            failureRatePercent = from.breakerFailureRatePercent;
            windowSize = from.breakerWindowSize;
            openDuration = from.breakerOpenDuration;
            halfOpenCalls = from.breakerHalfOpenCalls;
        }

        public Builder waitTimeout(Duration timeout) {
            this.waitTimeout = timeout;
            return this;
        }

        public Builder leaseTtl(Duration ttl) {
            this.leaseTtl = ttl;
            return this;
        }

        /** The breaker opens when {@code percent} of the last {@code window} calls failed; it stays open {@code open}. */
        public Builder breaker(int percent, int window, Duration open, int trialCalls) {
            this.failureRatePercent = percent;
            this.windowSize = window;
            this.openDuration = open;
            this.halfOpenCalls = trialCalls;
            return this;
        }

        public ComputeSettings build() {
            return new ComputeSettings(waitTimeout, leaseTtl, failureRatePercent, windowSize, openDuration, halfOpenCalls);
        }
    }
}
