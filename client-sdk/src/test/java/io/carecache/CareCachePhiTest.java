package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.NearCacheProbe;
import io.carecache.internal.keys.CacheKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PHI keeps requests and answers out of every tier: two real members and a thin client in the
 * JVM (Hazelcast's test factory), the facade on the client so its near cache (L1) is observable.
 */
class CareCachePhiTest {
    static final CareContext CONTEXT = CareContext.builder("llm-2026-10", "prompt-7")
            .careContext("diabetes").cohort("age_group", "adult").build();
    static final CareResponse CLEAN = new CareResponse("Check your glucose before meals and at bedtime.",
            List.of("ada-2026"), 0.9);
    static final CareResponse WITH_PHI = new CareResponse(
            "Mr. Gregory Havelock, call 503-555-0148 to book your follow-up for MRN 33019284.", List.of("ehr"), 0.9);

    TestGrid grid;
    HazelcastInstance member;
    HazelcastInstance client;
    CareCache cache;

    @BeforeEach
    void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        member = grid.member();
        grid.member();
        client = grid.client();
        cache = CareCache.builder(client).keyRing(KeyRing.generate("k1")).build();
    }

    @AfterEach
    void stopGrid() {
        cache.close();
        grid.close();
    }

    private IMap<String, ?> responses() {
        return member.getMap(CacheSettings.DEFAULTS.mapName());
    }

    /** What the client's near cache (L1) holds for this request: nothing, or a cached-absent marker, is no trace. */
    private Optional<CacheEntry> nearCached(CacheRequest request) {
        IMap<String, CacheEntry> map = client.getMap(CacheSettings.DEFAULTS.mapName());
        return NearCacheProbe.of(map, ((SerializationServiceSupport) client).getSerializationService())
                .peek(CacheKeys.key(request));
    }

    @Test
    void lookup_queryWithPhi_bypassesWithCategoriesAndReadsNothing() {
        LookupResult r = cache.lookup(CacheRequest.shared("My name is Gregory Havelock, call me at 503-555-0148", CONTEXT));

        assertThat(r.tier()).isEqualTo(Tier.BYPASS);
        assertThat(r.phiCategories()).contains(PhiCategory.PHONE, PhiCategory.NAME);
        assertThat(r.response()).isEmpty();
        assertThat(responses().getLocalMapStats().getGetOperationCount()).isZero();
        assertThat(responses().size()).isZero();
    }

    @Test
    void lookup_cohortValueWithPhi_bypasses() {
        CareContext withMrn = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes")
                .cohort("record", "MRN 33019284").build();

        LookupResult r = cache.lookup(CacheRequest.shared("How do I lower my A1C?", withMrn));

        assertThat(r.tier()).isEqualTo(Tier.BYPASS);
        assertThat(r.phiCategories()).containsExactly(PhiCategory.MEDICAL_ID);
    }

    @Test
    void lookup_careContextWithPhi_bypasses() {
        CareContext withSsn = CareContext.builder("llm-2026-10", "prompt-7").careContext("ssn 123-45-6789").build();

        LookupResult r = cache.lookup(CacheRequest.shared("How do I lower my A1C?", withSsn));

        assertThat(r.tier()).isEqualTo(Tier.BYPASS);
    }

    @Test
    void lookup_phiQueryAfterSameCleanAnswerStored_stillBypasses() {
        cache.store(CacheRequest.shared("call me at 503-555-0148 about my A1C", CONTEXT), CLEAN);

        LookupResult r = cache.lookup(CacheRequest.shared("call me at 503-555-0148 about my A1C", CONTEXT));

        assertThat(r.tier()).isEqualTo(Tier.BYPASS);
        assertThat(responses().size()).isZero();
    }

    @Test
    void store_queryWithPhi_writesNothingAndNamesCategories() {
        StoreResult r = cache.store(CacheRequest.shared("SSN 123-45-6789: is my dialysis covered?", CONTEXT), CLEAN);

        assertThat(r.stored()).isFalse();
        assertThat(r.phiCategories()).containsExactly(PhiCategory.SSN);
        assertThat(responses().size()).isZero();
    }

    @Test
    void store_responseWithPhi_writesNothing() {
        StoreResult r = cache.store(CacheRequest.shared("When is my follow-up?", CONTEXT), WITH_PHI);

        assertThat(r.stored()).isFalse();
        assertThat(r.phiCategories()).contains(PhiCategory.PHONE, PhiCategory.MEDICAL_ID);
        assertThat(responses().size()).isZero();
    }

    @Test
    void store_cleanRequestAndAnswer_isStored() {
        StoreResult r = cache.store(CacheRequest.shared("Can I take Tylenol with Eliquis?", CONTEXT), CLEAN);

        assertThat(r.stored()).isTrue();
        assertThat(responses().size()).isEqualTo(1);
    }

    @Test
    void getOrCompute_responseWithPhi_returnsItButLeavesNoTraceInL1OrL2() {
        CacheRequest request = CacheRequest.shared("When is my follow-up?", CONTEXT);

        LookupResult first = cache.getOrCompute(request, q -> WITH_PHI);
        LookupResult second = cache.lookup(request);

        assertThat(first.tier()).isEqualTo(Tier.MISS);
        assertThat(first.response()).contains(WITH_PHI);
        assertThat(first.phiCategories()).contains(PhiCategory.PHONE);
        assertThat(second.tier()).isEqualTo(Tier.MISS);
        assertThat(responses().size()).isZero();
        assertThat(nearCached(request)).isEmpty();
        assertThat(cache.stats().security().responsesWithheld()).isEqualTo(1);
    }

    @Test
    void getOrCompute_queryWithPhi_computesForTheCallerOnlyAndBypasses() {
        AtomicInteger calls = new AtomicInteger();
        CacheRequest request = CacheRequest.shared("I'm Priya Raghunathan, is my A1C too high?", CONTEXT);

        LookupResult first = cache.getOrCompute(request, q -> {
            calls.incrementAndGet();
            return CLEAN;
        });
        LookupResult second = cache.getOrCompute(request, q -> {
            calls.incrementAndGet();
            return CLEAN;
        });

        assertThat(first.tier()).isEqualTo(Tier.BYPASS);
        assertThat(first.response()).contains(CLEAN);
        assertThat(second.tier()).isEqualTo(Tier.BYPASS);
        assertThat(calls).hasValue(2);
        assertThat(responses().size()).isZero();
        assertThat(member.getMap(CareCacheGrid.IN_FLIGHT_MAP).size()).isZero();
    }

    @Test
    void getOrCompute_cleanAnswer_isStoredAndServedFromCache() {
        CacheRequest request = CacheRequest.shared("What is a normal fasting glucose?", CONTEXT);

        cache.getOrCompute(request, q -> CLEAN);
        LookupResult again = cache.lookup(request);

        assertThat(again.isHit()).isTrue();
        assertThat(again.phiCategories()).isEmpty();
    }

    @Test
    void stats_afterPhiTraffic_countDetectionsExclusionsAndPreventedViolations() {
        cache.lookup(CacheRequest.shared("call me at 503-555-0148", CONTEXT));
        cache.store(CacheRequest.shared("MRN 33019284 - when is my colonoscopy?", CONTEXT), CLEAN);
        cache.getOrCompute(CacheRequest.shared("When is my follow-up?", CONTEXT), q -> WITH_PHI);

        Map<String, Object> security = security(cache.stats().toMap());

        assertThat((Long) security.get("phi_detections")).isGreaterThanOrEqualTo(3);
        assertThat(names(security.get("phi_exclusions"))).containsKeys("PHONE", "MEDICAL_ID");
        assertThat((Long) security.get("hipaa_violations_prevented")).isGreaterThanOrEqualTo(3);
        assertThat(cache.stats().performance().bypasses()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> security(Map<String, Object> stats) {
        return (Map<String, Object>) stats.get("security");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> names(Object o) {
        return (Map<String, Long>) o;
    }
}
