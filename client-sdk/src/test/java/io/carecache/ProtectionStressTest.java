package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads on two members and a client at once; the invariants must hold for every key and
 * every user, whatever the interleaving.
 */
class ProtectionStressTest {
    static final int THREADS = 8;
    static final int KEYS = 40;
    static final int USERS = 4;
    static final int PER_MINUTE = 240;
    static final int BURST = 8;

    static TestGrid grid;
    static List<CareCache> facades = new ArrayList<>();

    @BeforeAll
    static void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        KeyRing ring = KeyRing.generate("k1");
        RateLimitSettings limits = RateLimitSettings.builder().requestsPerMinute(PER_MINUTE).burst(BURST).build();
        for (HazelcastInstance hz : List.of(grid.member(), grid.member(), grid.client())) {
            facades.add(CareCache.builder(hz).keyRing(ring).rateLimits(limits).build());
        }
    }

    @AfterAll
    static void stopGrid() {
        facades.forEach(CareCache::close);
        grid.close();
    }

    @Test
    void getOrCompute_eightThreadsOverManyKeys_eachKeyComputedExactlyOnceAndEveryCallerGetsItsAnswer() throws Exception {
        String run = UUID.randomUUID().toString();
        List<CacheRequest> requests = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            requests.add(CacheRequest.shared("stress question " + k + " " + run, CareCacheContract.CONTEXT));
        }
        Map<String, AtomicInteger> computations = new ConcurrentHashMap<>();
        AtomicInteger wrongAnswers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                CareCache cache = facades.get(t % facades.size());
                List<CacheRequest> order = new ArrayList<>(requests);
                Collections.shuffle(order, new Random(t));
                done.add(pool.submit(() -> {
                    for (CacheRequest request : order) {
                        LookupResult r = cache.getOrCompute(request, q -> {
                            computations.computeIfAbsent(q.query(), x -> new AtomicInteger()).incrementAndGet();
                            // A pipeline takes time: widen the window in which others miss the same key.
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
                            return answerTo(q.query());
                        });
                        if (!r.response().orElseThrow().aiResponse().equals(answerTo(request.query()).aiResponse())) {
                            wrongAnswers.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(computations).hasSize(KEYS);
        assertThat(computations.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(wrongAnswers).hasValue(0);
    }

    @Test
    void lookup_eightThreadsOverFourUsers_eachUserWithinBurstPlusRateTimesElapsed() throws Exception {
        String run = UUID.randomUUID().toString();
        AtomicLong[] accepted = new AtomicLong[USERS];
        AtomicLong[] refused = new AtomicLong[USERS];
        for (int u = 0; u < USERS; u++) {
            accepted[u] = new AtomicLong();
            refused[u] = new AtomicLong();
        }
        long blocksBefore = facades.stream().mapToLong(f -> f.stats().protection().rateLimitBlocks()).sum();
        long runNanos = TimeUnit.MILLISECONDS.toNanos(1500);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                CareCache cache = facades.get(t % facades.size());
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; System.nanoTime() - start < runNanos; i++) {
                        int u = i % USERS;
                        try {
                            cache.lookup(CacheRequest.shared("stress lookup", CareCacheContract.CONTEXT)
                                    .withUser("stress-" + u + "-" + run));
                            accepted[u].incrementAndGet();
                        } catch (RateLimitExceededException e) {
                            refused[u].incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsedNanos = System.nanoTime() - start;
        long bound = BURST + (long) Math.floor(PER_MINUTE * (elapsedNanos + 1_000_000) / 60e9);
        long totalRefused = 0;
        for (int u = 0; u < USERS; u++) {
            assertThat(accepted[u].get()).as("user %d accepted", u).isBetween((long) BURST, bound);
            totalRefused += refused[u].get();
        }
        long blocksAfter = facades.stream().mapToLong(f -> f.stats().protection().rateLimitBlocks()).sum();
        assertThat(blocksAfter - blocksBefore).isEqualTo(totalRefused);
    }

    private static CareResponse answerTo(String query) {
        return new CareResponse("answer to " + query, List.of("stress"), 0.5);
    }
}
