package io.carecache.node;

import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** While MongoDB is unreachable, a read-through becomes a degraded MISS and L1/L2 keep serving. */
class DegradedL3Test {
    private static final CareContext CONTEXT = CareContext.builder("m", "p").careContext("cardiology").build();

    private NodeGrid grid;
    private CareCacheNode node;
    private CareCache cache;

    @BeforeEach
    void start() {
        grid = NodeGrid.start("degraded", 1, b -> b
                .writeMode(NodeSettings.WriteMode.WRITE_BEHIND).writeDelay(Duration.ofSeconds(1)));
        node = grid.member(0);
        cache = node.cache(KeyRing.generate("k1"));
    }

    @AfterEach
    void stop() {
        // MongoDB comes back on its port, so the queued writes drain before the member leaves.
        grid.restartMongo();
        grid.close();
    }

    @Test
    void lookup_mongoDownAndEntryOnlyInL3_isDegradedMissNotAnException() {
        CacheRequest onlyInL3 = CacheRequest.shared("what foods help lower blood pressure", CONTEXT);
        cache.store(onlyInL3, answer("potassium-rich foods"));
        node.hazelcast().getMap(node.settings().cache().mapName()).flush();
        node.hazelcast().getMap(node.settings().cache().mapName()).evictAll();
        grid.stopMongo();

        LookupResult result = cache.lookup(onlyInL3);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(result.degraded()).isTrue();
    }

    @Test
    void lookup_mongoDown_l2AndL1KeepServing() {
        CacheRequest inGrid = CacheRequest.shared("is it safe to exercise with high blood pressure", CONTEXT);
        cache.store(inGrid, answer("usually yes, start gently"));
        grid.stopMongo();

        assertThat(cache.lookup(inGrid).tier()).isEqualTo(Tier.L2);
        assertThat(cache.lookup(inGrid).tier()).isEqualTo(Tier.L1);
    }

    @Test
    void getOrCompute_mongoDown_returnsTheComputedAnswer() {
        grid.stopMongo();
        CacheRequest request = CacheRequest.shared("how much salt is safe with heart failure", CONTEXT);

        LookupResult result = cache.getOrCompute(request, r -> answer("under 2 g a day"));

        assertThat(result.response()).contains(answer("under 2 g a day"));
    }

    private static CareResponse answer(String text) {
        return new CareResponse(text, List.of("aha"), 0.8);
    }
}
