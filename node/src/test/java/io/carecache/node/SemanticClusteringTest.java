package io.carecache.node;

import com.hazelcast.map.IMap;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.node.internal.semantic.CentroidSet;
import io.carecache.node.internal.semantic.GridSemanticIndex;
import io.carecache.node.internal.semantic.IndexedQuestion;
import io.carecache.node.internal.semantic.SemanticMaintenance;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The k-means Jet job on a real two-member cluster over a MongoDB wire-protocol server, with
 * synthetic well-separated clusters of caller-supplied vectors (the model is not the point here):
 * clusters are recovered and stable, lookups search the nearest clusters only and find what a
 * full scan finds, and everything survives a restart of all members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SemanticClusteringTest {
    private static final int BLOBS = 4;
    private static final int EACH = 15;
    private static final String[] WORDS = {"asthma", "eczema", "migraine", "gout", "acne", "anemia", "bronchitis",
            "cataracts", "dermatitis", "glaucoma", "hives", "insomnia", "laryngitis", "psoriasis", "rosacea", "sinusitis"};

    private final SyntheticEmbedder embedder = new SyntheticEmbedder();
    private final KeyRing ring = KeyRing.generate("k-" + UUID.randomUUID());
    // A fixed context: same keys every run, so the seeded clustering is the same every run.
    private final CareContext context = CareContext.builder("model-1", "prompt-clustering")
            .careContext("primary-care").build();
    private final List<float[]> centers = new ArrayList<>();
    private final Map<String, Integer> blobOfKey = new HashMap<>();
    private final Map<String, float[]> vectorOfQuestion = new HashMap<>();
    private SemanticTestGrid grid;
    private CareCache cache;

    @BeforeAll
    void startClusterAndStore() {
        // Maintenance never runs on its own here: the tests start each run.
        grid = new SemanticTestGrid(2, embedder, b -> b.semantic(SemanticSettings.DEFAULTS
                .withClusteringMinEntries(100_000_000).withMaxClusters(BLOBS)));
        cache = grid.cache(0, ring);
        Random random = new Random(11);
        for (int b = 0; b < BLOBS; b++) {
            centers.add(SyntheticEmbedder.vector(random));
        }
        int q = 0;
        for (int b = 0; b < BLOBS; b++) {
            for (int i = 0; i < EACH; i++, q++) {
                String question = question(q);
                float[] v = SyntheticEmbedder.near(centers.get(b), 0.3, random);
                vectorOfQuestion.put(question, v);
                CacheRequest request = CacheRequest.shared(question, context).withQueryVector(v);
                cache.store(request, new CareResponse("answer " + WORDS[q % WORDS.length], List.of("s"), 0.9));
                blobOfKey.put(CacheKeys.key(request), b);
            }
        }
    }

    @AfterAll
    void stopCluster() {
        grid.close();
    }

    @Test
    @Order(1)
    void lookup_beforeAnyRun_fullScanHitNotThroughCluster() {
        LookupResult result = cache.lookup(paraphraseOf(7));

        assertThat(result.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(cache.stats().optimization().clusterCacheHits()).isZero();
    }

    @Test
    @Order(2)
    void runNow_wellSeparatedClusters_eachRecoveredAsOneCluster() {
        SemanticMaintenance.runNow(grid.node(1).hazelcast(), grid.settings.cache().mapName(), grid.settings.semantic());

        Map<Integer, Integer> clusterOfBlob = new HashMap<>();
        index().forEach((key, q) -> {
            if (blobOfKey.containsKey(key)) {
                Integer previous = clusterOfBlob.putIfAbsent(blobOfKey.get(key), q.cluster());
                assertThat(previous == null ? q.cluster() : previous).as("cluster of blob").isEqualTo(q.cluster());
            }
        });
        assertThat(new HashSet<>(clusterOfBlob.values())).hasSize(BLOBS).doesNotContain(-1);
        assertThat(centroids().centroids()).hasNumberOfRows(BLOBS);
        // A PN counter: replicas converge within a second or so.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cache.stats().optimization().semanticClustersCreated() >= BLOBS);
    }

    @Test
    @Order(3)
    void runNow_sameSeedAgain_sameAssignment() {
        Map<String, Integer> before = assignments();

        SemanticMaintenance.runNow(grid.node(0).hazelcast(), grid.settings.cache().mapName(), grid.settings.semantic());

        assertThat(assignments()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void runNow_writesEachAnswersClusterToL3() {
        Map<String, Integer> assigned = assignments();
        try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + grid.mongo.getLocalAddress().getPort())) {
            for (Document d : mongo.getDatabase("semantic").getCollection("therapeutic_response_cache").find()) {
                String key = d.getString("_id");
                if (assigned.containsKey(key)) {
                    assertThat(d.get("metadata", Document.class).getInteger("semantic_cluster")).isEqualTo(assigned.get(key));
                }
            }
        }
    }

    @Test
    @Order(5)
    void lookup_afterRun_findsTheFullScanHitThroughItsCluster() {
        long before = cache.stats().optimization().clusterCacheHits();

        LookupResult result = cache.lookup(paraphraseOf(7));

        assertThat(result.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(result.response().orElseThrow().aiResponse()).isEqualTo("answer " + WORDS[7]);
        assertThat(cache.stats().optimization().clusterCacheHits()).isEqualTo(before + 1);
    }

    @Test
    @Order(6)
    void restartAllMembers_indexClustersAndCentroidsComeBackFromL3() {
        Map<String, Integer> before = assignments();
        float[][] centroidsBefore = centroids().centroids();

        grid.stopMembers();
        grid.start();
        cache = grid.cache(1, ring);

        await().atMost(Duration.ofSeconds(30)).until(() -> assignments().size() == before.size());
        assertThat(assignments()).isEqualTo(before);
        assertThat(centroids().centroids()).isDeepEqualTo(centroidsBefore);
        LookupResult result = cache.lookup(paraphraseOf(20));
        assertThat(result.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(cache.stats().optimization().clusterCacheHits()).isEqualTo(1);
    }

    private CacheRequest paraphraseOf(int q) {
        float[] near = SyntheticEmbedder.near(vectorOfQuestion.get(question(q)), 0.05, new Random(q));
        return CacheRequest.shared("What could help with " + WORDS[q % WORDS.length] + " and "
                + WORDS[(q / WORDS.length + q + 1) % WORDS.length] + "?", context).withQueryVector(near);
    }

    private static String question(int q) {
        return "What helps with " + WORDS[q % WORDS.length] + " and " + WORDS[(q / WORDS.length + q + 1) % WORDS.length] + "?";
    }

    private IMap<String, IndexedQuestion> index() {
        return grid.node(0).hazelcast().getMap(GridSemanticIndex.indexMapName(grid.settings.cache().mapName()));
    }

    private Map<String, Integer> assignments() {
        Map<String, Integer> out = new HashMap<>();
        index().forEach((k, q) -> {
            if (blobOfKey.containsKey(k)) {
                out.put(k, q.cluster());
            }
        });
        return out;
    }

    private CentroidSet centroids() {
        IMap<String, CentroidSet> map = grid.node(0).hazelcast()
                .getMap(GridSemanticIndex.centroidMapName(grid.settings.cache().mapName()));
        String group = CentroidSet.group(CacheKeys.fingerprint(context), embedder.modelId());
        // A run publishes the centroids before it returns (no near cache on this map any more);
        // waiting costs nothing.
        return await("centroids of " + group).atMost(Duration.ofSeconds(30)).until(() -> map.get(group), Objects::nonNull);
    }
}
