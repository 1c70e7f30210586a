package io.carecache.node;

import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.InvalidRequestException;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Caller-supplied query vectors on a two-member cluster: used as given, nothing embedded, wrong sizes refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerVectorTest {
    private final SyntheticEmbedder embedder = new SyntheticEmbedder();
    private SemanticTestGrid grid;
    private CareCache cache;
    private CareContext context;

    @BeforeAll
    void startCluster() {
        grid = new SemanticTestGrid(2, embedder, b -> b);
    }

    @AfterAll
    void stopCluster() {
        grid.close();
    }

    @BeforeEach
    void facade() {
        cache = grid.cache(1, KeyRing.generate("k-" + UUID.randomUUID()));
        context = CareContext.builder("model-1", "prompt-" + UUID.randomUUID()).careContext("primary-care").build();
    }

    @Test
    void lookup_paraphraseWithCallerVectors_hitsSemanticWithoutEmbedding() {
        Random random = new Random(7);
        float[] stored = SyntheticEmbedder.vector(random);
        int before = embedder.calls();
        cache.store(CacheRequest.shared("How long does the flu last?", context).withQueryVector(stored),
                new CareResponse("About a week.", List.of("cdc"), 0.9));

        LookupResult result = cache.lookup(CacheRequest.shared("How long will the flu last?", context)
                .withQueryVector(SyntheticEmbedder.near(stored, 0.1, random)));

        assertThat(result.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(result.similarity().orElseThrow()).isGreaterThan(0.99);
        assertThat(embedder.calls()).isEqualTo(before);
    }

    @Test
    void lookup_callerVectorFarFromStored_misses() {
        Random random = new Random(8);
        cache.store(CacheRequest.shared("How long does the flu last?", context).withQueryVector(SyntheticEmbedder.vector(random)),
                new CareResponse("About a week.", List.of("cdc"), 0.9));

        LookupResult result = cache.lookup(CacheRequest.shared("How long will the flu last?", context)
                .withQueryVector(SyntheticEmbedder.vector(random)));

        assertThat(result.tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_vectorOfAnotherDimension_refusedNamingQueryVector() {
        CacheRequest request = CacheRequest.shared("How long does the flu last?", context).withQueryVector(ones(12));

        assertThatThrownBy(() -> cache.lookup(request))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("queryVector"))
                .hasMessageContaining("384");
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
