package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.internal.keys.CacheKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** Per-user rate limits held in the grid: 3 members and 2 thin clients share every user's bucket. */
class GridRateLimitTest {
    static final int PER_MINUTE = 120;
    static final int BURST = 5;
    static final RateLimitSettings LIMITS = RateLimitSettings.builder().requestsPerMinute(PER_MINUTE).burst(BURST)
            .plan("premium", 12, 20).plan("trickle", 1, 1).build();

    static TestGrid grid;
    static List<HazelcastInstance> instances = new ArrayList<>();
    static List<CareCache> facades = new ArrayList<>();

    @BeforeAll
    static void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            instances.add(grid.member());
        }
        instances.add(grid.client());
        instances.add(grid.client());
        KeyRing ring = KeyRing.generate("k1");
        for (HazelcastInstance hz : instances) {
            facades.add(CareCache.builder(hz).keyRing(ring).rateLimits(LIMITS).build());
        }
    }

    @AfterAll
    static void stopGrid() {
        facades.forEach(CareCache::close);
        grid.close();
    }

    static CacheRequest asked(String user) {
        return CacheRequest.shared("How often should I check my blood pressure?", CareCacheContract.CONTEXT).withUser(user);
    }

    /** A request of a user on the "trickle" plan: one request, then one a minute. */
    static CacheRequest trickle(String user) {
        return asked(user).withUser(user, "trickle");
    }

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void lookup_oneUserHammeredFromThreeMembersAndTwoClients_acceptsAtMostBurstPlusRateTimesElapsed() throws Exception {
        String user = newUser();
        long blocksBefore = totalBlocks();
        ExecutorService pool = Executors.newFixedThreadPool(facades.size() * 2);
        long runNanos = TimeUnit.MILLISECONDS.toNanos(2500);
        List<Future<long[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int t = 0; t < facades.size() * 2; t++) {
                CareCache cache = facades.get(t % facades.size());
                results.add(pool.submit(() -> {
                    long accepted = 0;
                    long refused = 0;
                    while (System.nanoTime() - start < runNanos) {
                        try {
                            cache.lookup(asked(user));
                            accepted++;
                        } catch (RateLimitExceededException e) {
                            refused++;
                        }
                    }
                    return new long[] {accepted, refused};
                }));
            }
            long accepted = 0;
            long refused = 0;
            for (Future<long[]> f : results) {
                long[] r = f.get(60, TimeUnit.SECONDS);
                accepted += r[0];
                refused += r[1];
            }
            long elapsedNanos = System.nanoTime() - start;
            // The bucket's clock is the owning member's wall clock in whole milliseconds: allow that one millisecond.
            long bound = BURST + (long) Math.floor(PER_MINUTE * (elapsedNanos + 1_000_000) / 60e9);
            assertThat(accepted).isLessThanOrEqualTo(bound).isGreaterThan(BURST);
            assertThat(refused).isPositive();
            assertThat(totalBlocks() - blocksBefore).isEqualTo(refused);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lookup_whileOneUserIsThrottled_otherUsersGetTheirFullBurst() {
        String noisy = newUser();
        String calm = newUser();
        int attempts = 0;
        boolean refused = false;
        while (!refused && attempts < 100) {
            try {
                facades.get(attempts++ % facades.size()).lookup(asked(noisy));
            } catch (RateLimitExceededException e) {
                refused = true;
            }
        }
        assertThat(refused).isTrue();
        for (int i = 0; i < BURST; i++) {
            assertThat(facades.get((i + 2) % facades.size()).lookup(asked(calm)).tier()).isEqualTo(Tier.MISS);
        }
    }

    @Test
    void lookup_overLimit_carriesUserAndRetryAfterWithinOneRefillPeriod() {
        String user = newUser();
        facades.get(3).lookup(trickle(user));
        RateLimitExceededException e = catchThrowableOfType(RateLimitExceededException.class,
                () -> facades.get(4).lookup(trickle(user)));
        assertThat(e.userId()).isEqualTo(user);
        assertThat(e.retryAfter()).isGreaterThan(Duration.ofSeconds(50)).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(e).hasMessageContaining("plan trickle: 1 requests per minute, burst 1").hasMessageNotContaining(user);
    }

    @Test
    void getOrCompute_overLimit_isRefusedBeforeTheLoaderRuns() {
        String user = newUser();
        facades.get(0).lookup(trickle(user));
        AtomicLong calls = new AtomicLong();
        assertThatThrownBy(() -> facades.get(1).getOrCompute(trickle(user), r -> {
            calls.incrementAndGet();
            return CareCacheContract.ANSWER;
        })).isInstanceOf(RateLimitExceededException.class);
        assertThat(calls).hasValue(0);
    }

    @Test
    void lookup_withoutUser_isNeverLimited() {
        CacheRequest anonymous = CacheRequest.shared("What is a normal resting heart rate?", CareCacheContract.CONTEXT);
        for (int i = 0; i < BURST * 4; i++) {
            assertThat(facades.get(i % facades.size()).lookup(anonymous).tier()).isEqualTo(Tier.MISS);
        }
    }

    @Test
    void lookup_planUser_getsThePlansBurst() {
        String user = newUser();
        CacheRequest premium = asked(user).withUser(user, "premium");
        for (int i = 0; i < 20; i++) {
            facades.get(i % facades.size()).lookup(premium);
        }
        assertThatThrownBy(() -> facades.get(0).lookup(premium)).isInstanceOf(RateLimitExceededException.class)
                .hasMessageContaining("plan premium");
    }

    @Test
    void lookup_unknownPlan_namesThePlanAndTheSetting() {
        String user = newUser();
        assertThatThrownBy(() -> facades.get(0).lookup(asked(user).withUser(user, "gold")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("gold").hasMessageContaining("premium").hasMessageContaining("ratelimit.plans");
    }

    @Test
    void bucket_idleUntilFull_expiresFromTheGrid() {
        String user = newUser();
        facades.get(0).lookup(asked(user));
        facades.get(0).lookup(asked(user));
        IMap<String, byte[]> buckets = instances.get(0).getMap(CareCacheGrid.RATE_LIMIT_MAP);
        String key = "*:" + CacheKeys.userHash(user);
        assertThat(buckets.containsKey(key)).isTrue();
        // Two tokens refill in one second at 2/s; the bucket is kept one more second, then expires.
        long ttl = buckets.getEntryView(key).getTtl();
        assertThat(ttl).isPositive().isLessThanOrEqualTo(2_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> !buckets.containsKey(key));
    }

    @Test
    void stats_protection_appearsInTheSeedStructure() {
        String user = newUser();
        CareCache cache = facades.get(2);
        long before = cache.stats().protection().rateLimitBlocks();
        cache.lookup(trickle(user));
        assertThatThrownBy(() -> cache.lookup(trickle(user))).isInstanceOf(RateLimitExceededException.class);
        assertThat(cache.stats().protection().rateLimitBlocks()).isEqualTo(before + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> protection = (Map<String, Object>) cache.stats().toMap().get("protection");
        assertThat(protection).containsEntry("rate_limit_blocks", before + 1);
    }

    @Test
    void lookup_rateLimitsDisabled_createsNoBucket() {
        CareCache unlimited = CareCache.builder(instances.get(1)).keyRing(KeyRing.generate("k1"))
                .rateLimits(RateLimitSettings.DISABLED).build();
        String user = newUser();
        for (int i = 0; i < BURST * 3; i++) {
            unlimited.lookup(asked(user));
        }
        IMap<String, byte[]> buckets = instances.get(0).getMap(CareCacheGrid.RATE_LIMIT_MAP);
        assertThat(buckets.containsKey("*:" + CacheKeys.userHash(user))).isFalse();
    }

    private static long totalBlocks() {
        return facades.stream().mapToLong(f -> f.stats().protection().rateLimitBlocks()).sum();
    }
}
