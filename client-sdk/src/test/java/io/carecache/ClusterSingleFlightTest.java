package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code getOrCompute} runs the pipeline once per key across two members and a thin client. */
class ClusterSingleFlightTest {
    static final ComputeSettings COMPUTE = ComputeSettings.builder().leaseTtl(Duration.ofSeconds(2))
            .waitTimeout(Duration.ofSeconds(30)).build();
    static final int CALLERS_PER_PROCESS = 3;

    static TestGrid grid;
    static List<CareCache> facades = new ArrayList<>();
    static KeyRing ring = KeyRing.generate("k1");
    final ExecutorService pool = Executors.newCachedThreadPool();
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        for (HazelcastInstance hz : List.of(grid.member(), grid.member(), grid.client())) {
            facades.add(CareCache.builder(hz).keyRing(ring).compute(COMPUTE).build());
        }
    }

    @AfterAll
    static void stopGrid() {
        facades.forEach(CareCache::close);
        grid.close();
    }

    @AfterEach
    void stopCallers() {
        release.countDown();
        pool.shutdownNow();
    }

    static CacheRequest newQuestion() {
        return CacheRequest.shared("Is it safe to exercise with a cold? " + UUID.randomUUID(), CareCacheContract.CONTEXT);
    }

    @Test
    void getOrCompute_concurrentMissesOnTwoMembersAndAClient_runLoaderOnce() throws Exception {
        CacheRequest request = newQuestion();
        AtomicInteger calls = new AtomicInteger();
        List<Future<LookupResult>> results = callEverywhere(facades, request, r -> {
            calls.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return CareCacheContract.ANSWER;
        });
        release.countDown();
        for (Future<LookupResult> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS).response()).contains(CareCacheContract.ANSWER);
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void getOrCompute_loaderFailsWhileOthersWait_everyWaiterGetsTheFailureAndNothingIsCached() throws Exception {
        CacheRequest request = newQuestion();
        AtomicInteger calls = new AtomicInteger();
        List<Future<LookupResult>> results = callEverywhere(facades, request, r -> {
            calls.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            throw new IOException("LLM timed out");
        });
        release.countDown();
        for (Future<LookupResult> f : results) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ComputeFailedException.class);
        }
        assertThat(calls).hasValue(1);
        // A fresh client: its L1 cannot be remembering an earlier miss.
        try (CareCache fresh = CareCache.builder(grid.client()).keyRing(ring).build()) {
            assertThat(fresh.lookup(request).tier()).isEqualTo(Tier.MISS);
        }
    }

    @Test
    void getOrCompute_afterAnEarlierFailure_computesAnew() {
        CacheRequest request = newQuestion();
        assertThatThrownBy(() -> facades.get(0).getOrCompute(request, r -> {
            throw new IOException("LLM timed out");
        })).isInstanceOf(ComputeFailedException.class);
        AtomicInteger calls = new AtomicInteger();
        LookupResult result = facades.get(1).getOrCompute(request, r -> {
            calls.incrementAndGet();
            return CareCacheContract.ANSWER;
        });
        assertThat(result.response()).contains(CareCacheContract.ANSWER);
        assertThat(calls).hasValue(1);
    }

    @Test
    void getOrCompute_leaderRunsLongerThanWaitTimeout_waiterFailsWithTypedError() throws Exception {
        ComputeSettings impatient = COMPUTE.toBuilder().waitTimeout(Duration.ofSeconds(1)).build();
        CareCache leader = facades.get(0);
        CareCache waiter = CareCache.builder(grid.client()).keyRing(ring).compute(impatient).build();
        CacheRequest request = newQuestion();
        AtomicInteger calls = new AtomicInteger();
        Future<LookupResult> slow = pool.submit(() -> leader.getOrCompute(request, r -> {
            calls.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return CareCacheContract.ANSWER;
        }));
        await().atMost(Duration.ofSeconds(10)).untilAtomic(calls, org.hamcrest.Matchers.equalTo(1));
        assertThatThrownBy(() -> waiter.getOrCompute(request, r -> CareCacheContract.ANSWER))
                .isInstanceOf(ComputeFailedException.class).hasMessageContaining(ComputeSettings.WAIT_TIMEOUT);
        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).response()).contains(CareCacheContract.ANSWER);
        waiter.close();
    }

    @Test
    void getOrCompute_leaderMemberDies_aWaiterTakesOverAndComputes() throws Exception {
        try (TestGrid own = new TestGrid(CacheSettings.DEFAULTS)) {
            HazelcastInstance doomed = own.member();
            HazelcastInstance survivor = own.member();
            CareCache onDoomed = CareCache.builder(doomed).keyRing(ring).compute(COMPUTE).build();
            CareCache onSurvivor = CareCache.builder(survivor).keyRing(ring).compute(COMPUTE).build();
            CacheRequest request = newQuestion();
            AtomicInteger doomedCalls = new AtomicInteger();
            AtomicInteger survivorCalls = new AtomicInteger();
            pool.submit(() -> onDoomed.getOrCompute(request, r -> {
                doomedCalls.incrementAndGet();
                release.await(60, TimeUnit.SECONDS);
                return CareCacheContract.ANSWER;
            }));
            await().atMost(Duration.ofSeconds(10)).untilAtomic(doomedCalls, org.hamcrest.Matchers.equalTo(1));
            Future<LookupResult> waiting = pool.submit(() -> onSurvivor.getOrCompute(request, r -> {
                survivorCalls.incrementAndGet();
                return CareCacheContract.ANSWER;
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> onSurvivor.stats().performance().misses() == 1);
            assertThat(survivorCalls).hasValue(0);

            doomed.getLifecycleService().terminate();

            assertThat(waiting.get(30, TimeUnit.SECONDS).response()).contains(CareCacheContract.ANSWER);
            assertThat(survivorCalls).hasValue(1);
            onDoomed.close();
            onSurvivor.close();
        }
    }

    /** Starts {@value #CALLERS_PER_PROCESS} callers per facade and returns once every one of them has missed. */
    private List<Future<LookupResult>> callEverywhere(List<CareCache> on, CacheRequest request, ResponseLoader loader) {
        long missesBefore = misses(on);
        List<Future<LookupResult>> results = new ArrayList<>();
        for (CareCache cache : on) {
            for (int i = 0; i < CALLERS_PER_PROCESS; i++) {
                results.add(pool.submit(() -> cache.getOrCompute(request, loader)));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> misses(on) - missesBefore == results.size());
        return results;
    }

    private static long misses(List<CareCache> on) {
        return on.stream().mapToLong(c -> c.stats().performance().misses()).sum();
    }
}
