package io.carecache.node;

import com.mongodb.client.model.Filters;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.ReencryptionReport;
import io.carecache.Tier;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.node.internal.semantic.GridSemanticIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The semantic index's sealed questions follow the keys: a subject's erasure takes its questions
 * (also those of answers only in MongoDB), and re-encryption after a rotation seals them again, so
 * paraphrases keep hitting once the old key has left the ring. Real BGE, one member, L3 on a
 * MongoDB wire-protocol server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemanticKeyLifecycleTest {
    private NodeGrid grid;

    @BeforeAll
    void start() {
        grid = NodeGrid.start("semantic-keys", 1);
    }

    @AfterAll
    void stop() {
        grid.close();
    }

    @Test
    void forgetSubject_answerOnlyInL3_itsQuestionLeavesTheIndexAndMongo() {
        CareContext context = freshContext();
        CareCache cache = facade(KeyRing.generate("k1"));
        CacheRequest request = CacheRequest.forSubject("What does my cholesterol result mean?", context, "patient-9");
        cache.store(request, answer("It is a little high."));
        String key = CacheKeys.key(request);
        grid.member(0).hazelcast().getMap(grid.settings().cache().mapName()).evict(key);
        await().atMost(Duration.ofSeconds(30)).until(() -> indexDocuments(key) == 1);

        cache.forgetSubject("patient-9");

        assertThat(indexMap().containsKey(key)).as("question in the grid's index").isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(indexDocuments(key)).as("question in MongoDB's semantic_index").isZero());
    }

    @Test
    void reencrypt_afterRotation_paraphraseHitsWithOnlyTheNewKey() {
        CareContext context = freshContext();
        KeyRing old = KeyRing.generate("old-" + UUID.randomUUID());
        CareCache cache = facade(old);
        cache.store(CacheRequest.shared("How long does the flu last?", context), answer("About a week."));
        byte[] newRaw = KeyRing.randomKey();
        cache.useKeyRing(old.rotateTo("new", newRaw));

        ReencryptionReport report = cache.reencrypt();

        assertThat(report.questions().resealed()).isEqualTo(1);
        assertThat(report.complete()).isTrue();
        LookupResult paraphrase = facade(KeyRing.of("new", Map.of("new", newRaw)))
                .lookup(CacheRequest.shared("How many days does influenza usually last?", context));
        assertThat(paraphrase.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(paraphrase.response()).contains(answer("About a week."));
    }

    @Test
    void reencrypt_questionUnderAKeyTheRingLacks_isUnreadableAndTheReportIncomplete() {
        CareContext context = freshContext();
        facade(KeyRing.generate("lost-" + UUID.randomUUID()))
                .store(CacheRequest.shared("Can I exercise with asthma?", context), answer("Yes, with your reliever."));

        ReencryptionReport report = facade(KeyRing.generate("another-" + UUID.randomUUID())).reencrypt();

        assertThat(report.questions().unreadable()).isGreaterThanOrEqualTo(1);
        assertThat(report.complete()).isFalse();
    }

    private CareCache facade(KeyRing ring) {
        return CareCache.builder(grid.member(0).hazelcast()).keyRing(ring).settings(grid.settings().cache())
                .semanticIndex(SemanticGrid.index(grid.member(0).hazelcast(), grid.settings().cache())).build();
    }

    private com.hazelcast.map.IMap<String, Object> indexMap() {
        return grid.member(0).hazelcast().getMap(GridSemanticIndex.indexMapName(grid.settings().cache().mapName()));
    }

    private long indexDocuments(String key) {
        return grid.database().getCollection("semantic_index").countDocuments(Filters.eq("_id", key));
    }

    // A prompt version of its own per test: a fingerprint of its own, so tests never see each other's entries.
    private static CareContext freshContext() {
        return CareContext.builder("model-1", "prompt-" + UUID.randomUUID()).careContext("primary-care").build();
    }

    private static CareResponse answer(String text) {
        return new CareResponse(text, List.of("guideline-1"), 0.9);
    }
}
