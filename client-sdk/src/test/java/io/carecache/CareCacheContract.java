package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The facade's behaviour over L1 and L2, run against an embedded member and a thin client
 * (the subclasses). L3 behaviour needs the node's MapStore and is specified in the node module.
 */
abstract class CareCacheContract {
    static final CareContext CONTEXT = CareContext.builder("llm-2026-10", "prompt-7")
            .careContext("diabetes").cohort("age_group", "adult").build();
    static final CareResponse ANSWER = new CareResponse("Breathe slowly; check your glucose; call your care team if it stays high.",
            List.of("ada-2026", "nih-anxiety"), 0.87);

    TestGrid grid;
    CareCache cache;

    abstract HazelcastInstance facadeInstance(TestGrid grid);

    @BeforeEach
    void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        grid.member();
        grid.member();
        cache = CareCache.builder(facadeInstance(grid)).keyRing(KeyRing.generate("k1")).build();
    }

    @AfterEach
    void stopGrid() {
        grid.close();
    }

    @Test
    void lookup_beforeStore_misses() {
        LookupResult r = cache.lookup(CacheRequest.shared("How long does the flu last?", CONTEXT));
        assertThat(r.tier()).isEqualTo(Tier.MISS);
        assertThat(r.response()).isEmpty();
    }

    @Test
    void lookup_afterStore_firstReadL2ThenL1() {
        CacheRequest request = CacheRequest.shared("I'm feeling anxious about my diabetes", CONTEXT);
        cache.store(request, ANSWER);
        LookupResult first = cache.lookup(request);
        LookupResult second = cache.lookup(request);
        assertThat(first.tier()).isEqualTo(Tier.L2);
        assertThat(second.tier()).isEqualTo(Tier.L1);
        assertThat(first.response()).contains(ANSWER);
        assertThat(second.response()).contains(ANSWER);
    }

    @Test
    void lookup_repeatedL1Hits_serveTheExactAnswerEachTime() {
        CacheRequest request = CacheRequest.shared("Can I eat fruit with type 2 diabetes?", CONTEXT);
        cache.store(request, ANSWER);
        cache.lookup(request);
        for (int i = 0; i < 3; i++) {
            LookupResult hit = cache.lookup(request);
            assertThat(hit.tier()).isEqualTo(Tier.L1);
            assertThat(hit.response()).contains(ANSWER);
        }
    }

    @Test
    void lookup_answerReplacedAfterL1Hits_servesTheNewAnswer() {
        // L1 keeps an uncompressed copy of what it served: a replaced answer must never come back from it.
        CacheRequest request = CacheRequest.shared("Should I skip insulin when I am sick?", CONTEXT);
        CareResponse replaced = new CareResponse("Do not skip it; follow your sick-day plan and call your team.",
                List.of("ada-sick-day"), 0.93);
        cache.store(request, ANSWER);
        for (int i = 0; i < 3; i++) {
            cache.lookup(request);
        }

        cache.store(request, replaced);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> cache.lookup(request).response().equals(java.util.Optional.of(replaced)));
        assertThat(cache.lookup(request).response()).contains(replaced);
    }

    @Test
    void lookup_paraphraseOfSpacingCaseAndUnicode_hits() {
        cache.store(CacheRequest.shared("What are the symptoms of a UTI?", CONTEXT), ANSWER);
        assertThat(cache.lookup(CacheRequest.shared("  what are the SYMPTOMS of a ＵＴＩ ", CONTEXT)).response()).contains(ANSWER);
    }

    @Test
    void lookup_otherModelVersion_misses() {
        cache.store(CacheRequest.shared("What are the symptoms of a UTI?", CONTEXT), ANSWER);
        CareContext upgraded = CareContext.builder("llm-2026-12", "prompt-7").careContext("diabetes")
                .cohort("age_group", "adult").build();
        assertThat(cache.lookup(CacheRequest.shared("What are the symptoms of a UTI?", upgraded)).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_otherSubject_misses() {
        cache.store(CacheRequest.forSubject("when is my refill due", CONTEXT, "user-1"), ANSWER);
        assertThat(cache.lookup(CacheRequest.forSubject("when is my refill due", CONTEXT, "user-1")).isHit()).isTrue();
        assertThat(cache.lookup(CacheRequest.forSubject("when is my refill due", CONTEXT, "user-2")).tier()).isEqualTo(Tier.MISS);
        assertThat(cache.lookup(CacheRequest.shared("when is my refill due", CONTEXT)).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void invalidate_storedAnswer_removesItFromL1AndL2() {
        CacheRequest request = CacheRequest.shared("Is it safe to take ibuprofen every day?", CONTEXT);
        cache.store(request, ANSWER);
        cache.lookup(request);
        cache.lookup(request);
        assertThat(cache.invalidate(request)).isTrue();
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_entryUnderUnknownKeyId_missesAndCountsCorruptEntry() {
        CacheRequest request = CacheRequest.shared("How do I lower my A1C?", CONTEXT);
        cache.store(request, ANSWER);
        cache.useKeyRing(KeyRing.generate("other"));
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.MISS);
        assertThat(cache.stats().performance().corruptEntries()).isEqualTo(1);
        // The unreadable entry was evicted: the next lookup is a plain miss.
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.MISS);
        assertThat(cache.stats().performance().corruptEntries()).isEqualTo(1);
    }

    @Test
    void useKeyRing_rotated_oldEntriesStayReadable() {
        KeyRing ring = KeyRing.generate("k1");
        CareCache rotating = CareCache.builder(facadeInstance(grid)).keyRing(ring).build();
        CacheRequest old = CacheRequest.shared("Why do my legs cramp at night?", CONTEXT);
        rotating.store(old, ANSWER);
        rotating.useKeyRing(ring.rotateTo("k2", KeyRing.randomKey()));
        assertThat(rotating.lookup(old).response()).contains(ANSWER);
    }

    @Test
    void stats_singleThreaded_countsEveryTierExactly() {
        CacheRequest request = CacheRequest.shared("Can anxiety cause shortness of breath?", CONTEXT);
        cache.lookup(request);
        cache.store(request, ANSWER);
        cache.lookup(request);
        cache.lookup(request);
        cache.lookup(request);
        CacheStats.Performance p = cache.stats().performance();
        assertThat(p.totalRequests()).isEqualTo(4);
        assertThat(p.misses()).isEqualTo(1);
        assertThat(p.l2Hits()).isEqualTo(1);
        assertThat(p.l1Hits()).isEqualTo(2);
        assertThat(p.writes()).isEqualTo(1);
        assertThat(p.overallHitRate()).isEqualTo(0.75);
        assertThat(p.l1HitRate()).isEqualTo(0.5);
        assertThat(p.missRate()).isEqualTo(0.25);
    }

    @Test
    void stats_underConcurrency_ratesStayConsistent() throws Exception {
        CacheRequest request = CacheRequest.shared("What should I eat after a heart attack?", CONTEXT);
        cache.store(request, ANSWER);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger done = new AtomicInteger();
        try {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        cache.lookup(request);
                        cache.lookup(CacheRequest.shared("unknown question " + i, CONTEXT));
                    }
                    done.incrementAndGet();
                });
            }
            while (done.get() < 4) {
                CacheStats.Performance p = cache.stats().performance();
                assertThat(p.overallHitRate() + p.missRate()).isCloseTo(p.totalRequests() == 0 ? 0.0 : 1.0,
                        org.assertj.core.data.Offset.offset(1e-9));
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        CacheStats.Performance p = cache.stats().performance();
        assertThat(p.totalRequests()).isEqualTo(1600);
        assertThat(p.misses()).isEqualTo(800);
        assertThat(p.l1Hits() + p.l2Hits()).isEqualTo(800);
    }

    @Test
    void getOrCompute_miss_runsLoaderOnceThenHits() {
        CacheRequest request = CacheRequest.shared("How much sugar is too much for a diabetic?", CONTEXT);
        AtomicInteger calls = new AtomicInteger();
        LookupResult first = cache.getOrCompute(request, r -> {
            calls.incrementAndGet();
            return ANSWER;
        });
        LookupResult second = cache.getOrCompute(request, r -> {
            calls.incrementAndGet();
            return ANSWER;
        });
        assertThat(first.tier()).isEqualTo(Tier.MISS);
        assertThat(first.response()).contains(ANSWER);
        assertThat(second.isHit()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void getOrCompute_concurrentMissesInOneProcess_runLoaderOnce() throws Exception {
        CacheRequest request = CacheRequest.shared("When should I go to the ER for chest pain?", CONTEXT);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LookupResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.getOrCompute(request, r -> {
                    calls.incrementAndGet();
                    release.await(10, TimeUnit.SECONDS);
                    return ANSWER;
                })));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
            release.countDown();
            for (Future<LookupResult> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).response()).contains(ANSWER);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void getOrCompute_loaderFails_throwsTypedErrorAndCachesNothing() {
        CacheRequest request = CacheRequest.shared("Do statins have side effects?", CONTEXT);
        assertThatThrownBy(() -> cache.getOrCompute(request, r -> {
            throw new java.io.IOException("LLM timed out");
        })).isInstanceOf(ComputeFailedException.class).hasRootCauseMessage("LLM timed out");
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_blankQuery_namesTheField() {
        assertThatThrownBy(() -> CacheRequest.shared("   ", CONTEXT))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("query");
    }

    @Test
    void lookup_nullQuery_namesTheField() {
        assertThatThrownBy(() -> CacheRequest.shared(null, CONTEXT))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("query");
    }

    @Test
    void lookup_queryOver8KiB_namesFieldAndLimit() {
        assertThatThrownBy(() -> cache.lookup(CacheRequest.shared("a".repeat(8 * 1024 + 1), CONTEXT)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("query").hasMessageContaining("8192");
    }

    @Test
    void lookup_unpairedSurrogate_isRefusedAsInvalidText() {
        assertThatThrownBy(() -> cache.lookup(CacheRequest.shared("bad \uD800 text", CONTEXT)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Unicode");
    }

    @Test
    void store_responseOverLimit_isRefusedAndExistingEntryKept() {
        CacheRequest request = CacheRequest.shared("What can I take for a sore throat?", CONTEXT);
        cache.store(request, ANSWER);
        CareResponse huge = new CareResponse("x".repeat(CacheSettings.DEFAULTS.maxResponseBytes() + 1), List.of(), 0.5);
        assertThatThrownBy(() -> cache.store(request, huge))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("response");
        assertThat(cache.lookup(request).response()).contains(ANSWER);
    }

    @Test
    void build_withoutKeyRing_explainsHowToGetOne() {
        assertThatThrownBy(() -> CareCache.builder(facadeInstance(grid)).build())
                .isInstanceOf(KeyRingException.class).hasMessageContaining("KeyRing.fromEnvironment");
    }
}
