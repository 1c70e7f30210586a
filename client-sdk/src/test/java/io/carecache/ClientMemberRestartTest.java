package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thin-client facade keeps answering while a member restarts under it: two members on loopback
 * sockets, lookups in a loop, one member leaves gracefully and a new one joins. Documented
 * behaviour ({@link CareCacheClient}): reads are retried by the client until they succeed, so at
 * most a few calls fail (or, for lookups, come back as a degraded MISS) around the moment
 * connections close; entries survive through backups.
 */
class ClientMemberRestartTest {
    /** The documented retry window lets at most this many lookups fail during one member restart. */
    private static final int MAX_FAILED_LOOKUPS = 3;
    private static final int ENTRIES = 200;
    // A small L1, so most lookups go to the grid and see the restart (a large one would hide it).
    private static final CacheSettings SETTINGS = CacheSettings.builder().l1(10, Duration.ofMinutes(5), "LRU").build();
    private static final CareContext CONTEXT = CareCacheContract.CONTEXT;

    private final KeyRing ring = KeyRing.generate("k-restart");
    private LoopbackCluster cluster;
    private HazelcastInstance first;
    private CareCache cache;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        cluster = new LoopbackCluster(SETTINGS, 3);
        first = cluster.start(0);
        cluster.start(1);
        cache = client();
    }

    @AfterEach
    void stop() {
        loop.shutdownNow();
        cache.close();
        cluster.close();
    }

    @Test
    void lookups_whileAMemberRestarts_keepAnsweringAndLoseNothing() throws Exception {
        List<CacheRequest> stored = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            CacheRequest request = CacheRequest.shared("question number " + i, CONTEXT);
            cache.store(request, answer(i));
            stored.add(request);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Future<?> lookups = loop.submit(() -> {
            for (int i = 0; running.get(); i = (i + 1) % ENTRIES) {
                try {
                    LookupResult result = cache.lookup(stored.get(i));
                    if (result.response().equals(Optional.of(answer(i)))) {
                        answered.incrementAndGet();
                    } else if (result.degraded()) {
                        failed.incrementAndGet(); // the grid did not answer in time: a degraded MISS
                    } else {
                        wrong.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // pacing: leave CPU to the members
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= 100);

        first.shutdown(); // graceful: partitions move to the remaining members first
        long beforeRejoin = answered.get();
        HazelcastInstance joined = cluster.start(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> joined.getCluster().getMembers().size() == 2
                && joined.getPartitionService().isClusterSafe() && answered.get() >= beforeRejoin + 200);
        running.set(false);
        lookups.get(30, TimeUnit.SECONDS);

        assertThat(failed.get()).as("lookups that failed or came back degraded during the restart").isLessThanOrEqualTo(MAX_FAILED_LOOKUPS);
        assertThat(wrong.get()).as("lookups that missed or answered wrongly").isZero();
        try (CareCache fresh = client()) {
            // A new client has an empty L1: every answer comes from the grid (L2), i.e. survived the restart.
            for (int i = 0; i < ENTRIES; i++) {
                LookupResult result = fresh.lookup(stored.get(i));
                assertThat(result.tier()).as("entry %d", i).isEqualTo(Tier.L2);
                assertThat(result.response()).as("entry %d", i).contains(answer(i));
            }
        }
    }

    private CareCache client() {
        return CareCacheClient.builder()
                .clusterName(cluster.name())
                .addresses(cluster.address(0), cluster.address(1))
                .settings(SETTINGS)
                .keyRing(ring)
                .facade(f -> f.rateLimits(RateLimitSettings.DISABLED))
                .clusterConnectTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static CareResponse answer(int i) {
        return new CareResponse("answer " + i, List.of("source-" + i), 0.9);
    }
}
