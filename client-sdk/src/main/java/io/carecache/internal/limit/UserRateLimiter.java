package io.carecache.internal.limit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.CacheRequest;
import io.carecache.CareCacheGrid;
import io.carecache.InvalidRequestException;
import io.carecache.RateLimitExceededException;
import io.carecache.RateLimitSettings;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.internal.stats.TierCounters;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One Bucket4j token bucket per user and plan, held in the grid: Bucket4j's entry processor runs
 * each take on the partition owning the bucket, so every member and client shares one count and
 * the bucket's clock is the owning member's.
 */
public final class UserRateLimiter {
    /** How long a bucket stays after it has refilled to full; a full bucket equals a fresh one. */
    private static final Duration KEEP_WHEN_FULL = Duration.ofSeconds(1);
    private static final String DEFAULT_PLAN = "*";

    private final RateLimitSettings settings;
    private final TierCounters counters;
    private final Optional<ProxyManager<String>> buckets;
    private final Map<String, BucketConfiguration> configurations = new HashMap<>();

    public UserRateLimiter(HazelcastInstance hazelcast, RateLimitSettings settings, TierCounters counters) {
        this.settings = settings;
        this.counters = counters;
        if (settings.enabled()) {
            IMap<String, byte[]> map = hazelcast.getMap(CareCacheGrid.RATE_LIMIT_MAP);
            this.buckets = Optional.of(Bucket4jHazelcast.entryProcessorBasedBuilder(map)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_WHEN_FULL))
                    .build());
        } else {
            this.buckets = Optional.empty();
        }
        configurations.put(DEFAULT_PLAN, configuration(settings.defaultLimit()));
        settings.plans().forEach((plan, limit) -> configurations.put(plan, configuration(limit)));
    }

    /**
     * Takes one token from the request's user, if it names one.
     *
     * @throws RateLimitExceededException when the user's bucket is empty
     * @throws InvalidRequestException when the request names a plan that is not configured
     */
    public void acquire(CacheRequest request) {
        if (buckets.isEmpty() || request.userId().isEmpty()) {
            return;
        }
        String plan = request.plan().orElse(DEFAULT_PLAN);
        BucketConfiguration configuration = configurations.get(plan);
        if (configuration == null) {
            throw new InvalidRequestException("plan", "'" + plan + "' is not configured; configured plans: "
                    + new TreeSet<>(settings.plans().keySet()) + " (" + RateLimitSettings.PLANS + ".<plan>)");
        }
        String userId = request.userId().get();
        // The plan is part of the key: a user moved to another plan starts with that plan's bucket.
        String key = plan + ":" + CacheKeys.userHash(userId);
        ConsumptionProbe probe = buckets.get().builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            counters.rateLimited();
            RateLimitSettings.Limit limit = settings.limitFor(request.plan()).orElseThrow();
            throw new RateLimitExceededException(userId, roundUpToMillis(probe.getNanosToWaitForRefill()),
                    (request.plan().isPresent() ? "plan " + plan + ": " : "") + limit.requestsPerMinute()
                            + " requests per minute, burst " + limit.burst());
        }
    }

    private static BucketConfiguration configuration(RateLimitSettings.Limit limit) {
        // Greedy refill: tokens trickle in evenly (60/min = one a second), never 60 at once.
        return BucketConfiguration.builder()
                .addLimit(b -> b.capacity(limit.burst()).refillGreedy(limit.requestsPerMinute(), Duration.ofMinutes(1)))
                .build();
    }

    private static Duration roundUpToMillis(long nanos) {
        return Duration.ofMillis((nanos + 999_999) / 1_000_000);
    }
}
