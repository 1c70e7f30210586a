package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What {@link CareCacheMetrics} reports for a facade and a member, read back from a registry. */
class CareCacheMetricsTest {
    private static final CareContext CONTEXT = CareCacheContract.CONTEXT;
    private static final CareResponse ANSWER = CareCacheContract.ANSWER;

    private TestGrid grid;
    private HazelcastInstance member;
    private CareCache cache;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        member = grid.member();
        cache = CareCache.builder(grid.client()).keyRing(KeyRing.generate("k1"))
                .rateLimits(RateLimitSettings.builder().requestsPerMinute(1).burst(1).build())
                .build();
        registry = new SimpleMeterRegistry();
        CareCacheMetrics.of(cache).bindTo(registry);
    }

    @AfterEach
    void stop() {
        cache.close();
        grid.close();
    }

    @Test
    void bindTo_beforeTraffic_registersEveryTierAndCategoryAtZero() {
        for (Tier tier : Tier.values()) {
            String tag = tier.name().toLowerCase(Locale.ROOT);
            assertThat(counter("carecache.lookups", "tier", tag)).as(tag).isZero();
            assertThat(registry.get("carecache.lookup.latency").tag("tier", tag).timer().count()).isZero();
        }
        for (PhiCategory category : PhiCategory.values()) {
            String tag = category.name().toLowerCase(Locale.ROOT);
            assertThat(counter("carecache.phi.detections", "category", tag)).isZero();
            assertThat(counter("carecache.phi.exclusions", "category", tag)).isZero();
        }
        assertThat(registry.get("carecache.lookups.degraded").counter().count()).isZero();
        assertThat(Arrays.asList("carecache.misses", "carecache.writes", "carecache.corrupt.entries",
                "carecache.semantic.hits", "carecache.rate.limit.blocks"))
                .allSatisfy(name -> assertThat(registry.get(name).functionCounter().count()).as(name).isZero());
    }

    @Test
    void lookup_afterStore_countsL2ThenL1WithLatencies() {
        CacheRequest request = CacheRequest.shared("how often should I check my blood sugar", CONTEXT);
        cache.store(request, ANSWER);

        LookupResult first = cache.lookup(request);
        LookupResult second = cache.lookup(request);

        assertThat(first.tier()).isEqualTo(Tier.L2);
        assertThat(second.tier()).isEqualTo(Tier.L1);
        assertThat(counter("carecache.lookups", "tier", "l2")).isEqualTo(1);
        assertThat(counter("carecache.lookups", "tier", "l1")).isEqualTo(1);
        assertThat(counter("carecache.writes")).isEqualTo(1);
        Timer l2 = registry.get("carecache.lookup.latency").tag("tier", "l2").timer();
        assertThat(l2.count()).isEqualTo(1);
        assertThat(l2.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(first.latency().toNanos());
        assertThat(registry.get("carecache.lookup.latency").tag("tier", "l1").timer().count()).isEqualTo(1);
    }

    @Test
    void getOrCompute_onMiss_countsMissAndWriteAndRecordsMissLatency() {
        LookupResult result = cache.getOrCompute(CacheRequest.shared("is fruit allowed", CONTEXT), r -> ANSWER);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(counter("carecache.lookups", "tier", "miss")).isEqualTo(1);
        assertThat(counter("carecache.misses")).isEqualTo(1);
        assertThat(counter("carecache.writes")).isEqualTo(1);
        assertThat(registry.get("carecache.lookup.latency").tag("tier", "miss").timer().count()).isEqualTo(1);
    }

    @Test
    void latencyHistogram_bucketBoundaries_includeTheAlertThresholds() {
        cache.lookup(CacheRequest.shared("anything", CONTEXT));

        CountAtBucket[] buckets = registry.get("carecache.lookup.latency").tag("tier", "miss").timer()
                .takeSnapshot().histogramCounts();

        assertThat(buckets).extracting(b -> b.bucket(TimeUnit.MILLISECONDS)).contains(5.0, 20.0);
    }

    @Test
    void lookup_beyondTheUsersBurst_countsARateLimitBlock() {
        CacheRequest request = CacheRequest.shared("can I exercise", CONTEXT).withUser("user-1");
        cache.lookup(request);

        assertThatThrownBy(() -> cache.lookup(request)).isInstanceOf(RateLimitExceededException.class);

        assertThat(counter("carecache.rate.limit.blocks")).isEqualTo(1);
    }

    @Test
    void circuitState_pipelineBreaker_isExportedByTheContractNameAsClosed() {
        Gauge state = registry.get("carecache.circuit.state").tag("name", "pipeline").gauge();

        assertThat(state.value()).isZero();
    }

    @Test
    void circuitState_mapsResilience4jStatesToContractNumbers() {
        assertThat(CareCacheMetrics.circuitState("CLOSED")).isZero();
        assertThat(CareCacheMetrics.circuitState("HALF_OPEN")).isEqualTo(1);
        assertThat(CareCacheMetrics.circuitState("OPEN")).isEqualTo(2);
    }

    @Test
    void lookup_whileTheGridIsGone_countsADegradedLookup() {
        try (LoopbackCluster cluster = new LoopbackCluster(CacheSettings.DEFAULTS, 1)) {
            HazelcastInstance only = cluster.start(0);
            SimpleMeterRegistry clientRegistry = new SimpleMeterRegistry();
            AtomicInteger degraded = new AtomicInteger();
            try (CareCache client = CareCacheClient.builder().clusterName(cluster.name()).addresses(cluster.address(0))
                    .keyRing(KeyRing.generate("k2")).reconnect(CareCacheClient.Reconnect.ASYNC).build()) {
                CareCacheMetrics.of(client).bindTo(clientRegistry);
                only.getLifecycleService().terminate();

                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    boolean isDegraded = client.lookup(CacheRequest.shared("anything", CONTEXT)).degraded();
                    if (isDegraded) {
                        degraded.incrementAndGet();
                    }
                    return isDegraded;
                });

                assertThat(clientRegistry.get("carecache.lookups.degraded").counter().count()).isEqualTo(degraded.get());
            }
        }
    }

    @Test
    void circuit_breakerOutsideAFacade_followsItsState() {
        AtomicReference<String> state = new AtomicReference<>("CLOSED");
        CareCacheMetrics.circuit("mongodb", state::get).bindTo(registry);
        Gauge gauge = registry.get("carecache.circuit.state").tag("name", "mongodb").gauge();
        assertThat(gauge.value()).isZero();

        state.set("OPEN");

        assertThat(gauge.value()).isEqualTo(2);
    }

    @Test
    void nearCache_afterAnL1Hit_reportsHazelcastNearCacheStatistics() {
        CacheRequest request = CacheRequest.shared("what is a normal fasting glucose", CONTEXT);
        cache.store(request, ANSWER);
        cache.lookup(request);
        cache.lookup(request);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("carecache.near.cache.hits", "map", "responses")).isEqualTo(1);
            assertThat(registry.get("carecache.near.cache.entries").tag("map", "responses").gauge().value()).isEqualTo(1);
        });
        assertThat(counter("carecache.near.cache.misses", "map", "responses")).isPositive();
        assertThat(registry.get("carecache.near.cache.heap.cost").tag("map", "responses").gauge().value()).isNotNegative();
    }

    @Test
    void ofMember_afterStores_reportsOwnedEntriesEvictionsAndAnEmptyWriteBehindQueue() {
        SimpleMeterRegistry memberRegistry = new SimpleMeterRegistry();
        CareCacheMetrics.ofMember(member, CacheSettings.DEFAULTS).bindTo(memberRegistry);
        cache.store(CacheRequest.shared("one", CONTEXT), ANSWER);
        cache.store(CacheRequest.shared("two", CONTEXT), ANSWER);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(memberRegistry.get("carecache.map.entries").tag("map", "responses").gauge().value()).isEqualTo(2));
        assertThat(memberRegistry.get("carecache.evictions").functionCounter().count()).isZero();
        // No MapStore in the SDK's grid: nothing is ever queued for L3.
        assertThat(memberRegistry.get("carecache.write.behind.queue.depth").gauge().value()).isZero();
        assertThat(memberRegistry.get("carecache.map.operations").tag("operation", "set").functionCounter().count())
                .isEqualTo(2);
    }

    @Test
    void ofMember_onAClient_isRefused() {
        HazelcastInstance client = grid.client();

        assertThatThrownBy(() -> CareCacheMetrics.ofMember(client, CacheSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member");
    }

    private double counter(String name, String... tags) {
        FunctionCounter counter = registry.get(name).tags(tags).functionCounter();
        return counter.count();
    }
}
