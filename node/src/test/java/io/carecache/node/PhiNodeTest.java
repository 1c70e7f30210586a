package io.carecache.node;

import com.mongodb.client.MongoCollection;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.StoreResult;
import io.carecache.Tier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member with its MapStore on a MongoDB wire-protocol server (write-through): answers carrying
 * PHI reach neither the IMap (L2) nor MongoDB (L3), while a clean answer stored alongside does.
 */
class PhiNodeTest {
    private static final CareContext CONTEXT = CareContext.builder("model-1", "prompt-1").careContext("asthma").build();
    private static final CareResponse CLEAN = new CareResponse("Use your reliever inhaler.", List.of("gina-2024"), 0.8);
    private static final CareResponse WITH_PHI = new CareResponse(
            "Dear Mrs. Abernathy, your next visit is on June 3, 2025; call 503-555-0148.", List.of("ehr"), 0.8);

    private NodeGrid grid;
    private CareCacheNode node;
    private NodeSettings settings;

    @BeforeEach
    void start() {
        grid = NodeGrid.start("phi-node", 1);
        node = grid.member(0);
        settings = grid.settings();
    }

    @AfterEach
    void stop() {
        grid.close();
    }

    @Test
    void storeAndCompute_answersWithPhi_leaveNoTraceInL2OrMongo() {
        CareCache cache = node.cache(KeyRing.generate("k1"));

        StoreResult stored = cache.store(CacheRequest.shared("When is my next visit?", CONTEXT), WITH_PHI);
        LookupResult computed = cache.getOrCompute(CacheRequest.shared("Can you remind me of my visit?", CONTEXT),
                q -> WITH_PHI);
        cache.store(CacheRequest.shared("What should I do in an asthma attack?", CONTEXT), CLEAN);

        assertThat(stored.stored()).isFalse();
        assertThat(computed.tier()).isEqualTo(Tier.MISS);
        assertThat(computed.response()).contains(WITH_PHI);
        assertThat(node.hazelcast().getMap(settings.cache().mapName()).size()).as("L2 holds only the clean answer")
                .isEqualTo(1);
        MongoCollection<Document> documents = grid.database()
                .getCollection("therapeutic_response_cache");
        assertThat(documents.countDocuments()).as("L3 holds only the clean answer").isEqualTo(1);
    }

    @Test
    void lookup_queryWithPhi_bypassesWithoutReadingMongo() {
        CareCache cache = node.cache(KeyRing.generate("k1"));

        LookupResult r = cache.lookup(CacheRequest.shared("I'm Priya Raghunathan, what is my asthma plan?", CONTEXT));

        assertThat(r.tier()).isEqualTo(Tier.BYPASS);
        assertThat(node.hazelcast().getMap(settings.cache().mapName()).getLocalMapStats().getGetOperationCount()).isZero();
    }
}
