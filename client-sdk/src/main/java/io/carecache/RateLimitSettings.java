package io.carecache;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-user request limits, enforced grid-wide: one token bucket per user (and plan) lives in the
 * {@value CareCacheGrid#RATE_LIMIT_MAP} map, so every member and client draws from the same bucket.
 *
 * <p>A {@link Limit} of {@code requestsPerMinute=60, burst=10} is a bucket holding at most 10
 * tokens that refills smoothly at one token per second (greedy refill, not 60 at once each
 * minute). A user may fire 10 requests at once, then one per second; over any span of T
 * seconds at most {@code 10 + T} requests are accepted. A bucket that has refilled to full is
 * indistinguishable from a new one, so it expires from the grid once it is full again.
 *
 * <p>Only requests that name a user ({@link CacheRequest#withUser(String)}) are limited: calls
 * made by the application itself (warming, batch jobs, requests without a user) are not, so a
 * service can never starve its own users through a shared bucket. {@code lookup} and
 * {@code getOrCompute} each take one token; {@code store} and {@code invalidate} take none.
 *
 * @param enabled whether requests are limited at all
 * @param defaultLimit the limit of users without a plan
 * @param plans limits per plan name, e.g. {@code premium}; a request names its plan with
 *              {@link CacheRequest#withUser(String, String)}
 */
public record RateLimitSettings(boolean enabled, Limit defaultLimit, Map<String, Limit> plans) {

    public static final String ENABLED = "ratelimit.enabled";
    public static final String REQUESTS_PER_MINUTE = "ratelimit.requests-per-minute";
    public static final String BURST = "ratelimit.burst";
    /** Plan overrides are {@code ratelimit.plans.<plan>.requests-per-minute} and {@code ratelimit.plans.<plan>.burst}. */
    public static final String PLANS = "ratelimit.plans";

    static final int MAX_REQUESTS_PER_MINUTE = 1_000_000;
    static final int MAX_BURST = 1_000_000;

    /** The seed's values: enabled, 60 requests per minute with a burst of 10, no plans. */
    public static final RateLimitSettings DEFAULTS = new RateLimitSettings(true, new Limit(60, 10), Map.of());

    /** Limiting switched off: no bucket is ever created. */
    public static final RateLimitSettings DISABLED = new RateLimitSettings(false, new Limit(60, 10), Map.of());

    public RateLimitSettings {
        Objects.requireNonNull(defaultLimit, "defaultLimit");
        Objects.requireNonNull(plans, "plans");
        plans.forEach((name, limit) -> {
            if (name == null || !name.matches("[a-z0-9_-]{1,32}")) {
                throw new InvalidConfigurationException(PLANS + "." + name,
                        "plan names must be 1-32 characters of a-z 0-9 _ -");
            }
            Objects.requireNonNull(limit, PLANS + "." + name);
        });
        plans = Map.copyOf(plans);
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The limit of a plan, or the default limit when {@code plan} is empty. */
    public Optional<Limit> limitFor(Optional<String> plan) {
        return plan.isEmpty() ? Optional.of(defaultLimit) : Optional.ofNullable(plans.get(plan.get()));
    }

    /**
     * One bucket's shape.
     *
     * @param requestsPerMinute sustained rate: tokens added per minute, spread evenly
     * @param burst bucket capacity: requests accepted at once after a quiet period
     */
    public record Limit(int requestsPerMinute, int burst) {
        public Limit {
            check(REQUESTS_PER_MINUTE, requestsPerMinute, MAX_REQUESTS_PER_MINUTE);
            check(BURST, burst, MAX_BURST);
        }
    }

    private static void check(String setting, int value, int max) {
        if (value < 1 || value > max) {
            throw new InvalidConfigurationException(setting, "must be between 1 and " + max + ", was " + value);
        }
    }

    /** Builds {@link RateLimitSettings}; every value is validated by {@link #build()}. */
    public static final class Builder {
        private boolean enabled;
        private int requestsPerMinute;
        private int burst;
        private final Map<String, int[]> plans = new TreeMap<>();

        private Builder(RateLimitSettings from) {
            enabled = from.enabled;
            requestsPerMinute = from.defaultLimit.requestsPerMinute();
            burst = from.defaultLimit.burst();
            from.plans.forEach((name, limit) -> plans.put(name, new int[] {limit.requestsPerMinute(), limit.burst()}));
        }

        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        public Builder requestsPerMinute(int perMinute) {
            this.requestsPerMinute = perMinute;
            return this;
        }

        public Builder burst(int tokens) {
            this.burst = tokens;
            return this;
        }

        /** Adds or replaces a plan's limit. */
        public Builder plan(String name, int perMinute, int burstTokens) {
            plans.put(name, new int[] {perMinute, burstTokens});
            return this;
        }

        public RateLimitSettings build() {
            check(REQUESTS_PER_MINUTE, requestsPerMinute, MAX_REQUESTS_PER_MINUTE);
            check(BURST, burst, MAX_BURST);
            Map<String, Limit> limits = new TreeMap<>();
            plans.forEach((name, v) -> {
                // Checked here so the message names the plan's own setting, not the default's.
                check(PLANS + "." + name + ".requests-per-minute", v[0], MAX_REQUESTS_PER_MINUTE);
                check(PLANS + "." + name + ".burst", v[1], MAX_BURST);
                limits.put(name, new Limit(v[0], v[1]));
            });
            return new RateLimitSettings(enabled, new Limit(requestsPerMinute, burst), limits);
        }
    }
}
