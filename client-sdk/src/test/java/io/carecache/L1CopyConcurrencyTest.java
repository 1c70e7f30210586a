package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * L1 keeps an uncompressed copy of each entry it serves, evicted with the near cache's own bound: under
 * many threads reading more keys than L1 holds, copies are made, displaced and replaced concurrently,
 * and every lookup must still return its own key's answer.
 */
class L1CopyConcurrencyTest {
    private static final List<String> CONDITIONS = List.of("asthma", "migraine", "gout", "eczema", "psoriasis",
            "anemia", "angina", "bronchitis", "cataracts", "glaucoma", "hepatitis", "shingles", "sciatica",
            "tinnitus", "vertigo", "rosacea", "scoliosis", "tendinitis", "gallstones", "hemorrhoids", "insomnia",
            "osteoporosis", "pneumonia", "sinusitis");
    private static final int KEYS = CONDITIONS.size();
    private static final int THREADS = 6;
    private static final int LOOKUPS_PER_THREAD = 3_000;
    private static final CareContext CONTEXT = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes").build();

    private TestGrid grid;
    private CareCache cache;

    @BeforeEach
    void start() {
        // L1 holds a sixth of the keys: eviction, re-reads from L2 and new copies all the time.
        CacheSettings settings = CacheSettings.builder().l1(4, Duration.ofMinutes(5), "LRU").build();
        grid = new TestGrid(settings);
        grid.member();
        HazelcastInstance client = grid.client();
        cache = CareCache.builder(client).keyRing(KeyRing.generate("k1")).settings(settings).build();
    }

    @AfterEach
    void stop() {
        grid.close();
    }

    @Test
    void lookup_manyThreadsOverMoreKeysThanL1Holds_everyAnswerIsItsOwnKeys() throws Exception {
        for (int k = 0; k < KEYS; k++) {
            cache.store(request(k), answer(k));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            results.add(pool.submit(() -> {
                go.await();
                int wrong = 0;
                for (int i = 0; i < LOOKUPS_PER_THREAD; i++) {
                    int k = ((i / 3) * 7 + seed) % KEYS; // three reads in a row: the later two from L1
                    LookupResult r = cache.lookup(request(k));
                    if (!r.response().equals(Optional.of(answer(k)))) {
                        wrong++;
                    }
                }
                return wrong;
            }));
        }
        go.countDown();
        int wrong = 0;
        for (Future<Integer> f : results) {
            wrong += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        assertThat(wrong).isZero();
        assertThat(cache.stats().performance().l1Hits()).isGreaterThan(1_000);
        assertThat(cache.stats().performance().corruptEntries()).isZero();
    }

    private static CacheRequest request(int k) {
        return CacheRequest.shared("What should I know about " + CONDITIONS.get(k) + "?", CONTEXT);
    }

    private static CareResponse answer(int k) {
        return new CareResponse("About " + CONDITIONS.get(k) + ": " + "take it slowly and check with your care team. ".repeat(20),
                List.of("source-" + k), 0.9);
    }
}
