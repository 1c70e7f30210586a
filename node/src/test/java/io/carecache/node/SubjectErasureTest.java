package io.carecache.node;

import com.hazelcast.map.IMap;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.ErasureFailedException;
import io.carecache.KeyRing;
import io.carecache.Tier;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.node.internal.l3.MongoEntryStore;
import io.carecache.node.internal.l3.MongoSubjectKeyStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code forgetSubject} on a real member with L3 on a MongoDB wire-protocol server: the subject's
 * key is gone, so copies taken beforehand no longer decrypt, and its documents are gone from MongoDB.
 */
class SubjectErasureTest {
    private static final CareContext CONTEXT = CareContext.builder("m", "p").careContext("cardiology").build();
    private static final String SUBJECT_FIELD = "metadata.subject";

    private NodeGrid grid;
    private CareCacheNode node;
    private KeyRing ring;
    private CareCache cache;
    private IMap<String, CacheEntry> map;

    @BeforeEach
    void start() {
        grid = NodeGrid.start("erasure", 1);
        node = grid.member(0);
        ring = KeyRing.generate("k1");
        cache = node.cache(ring);
        map = node.hazelcast().getMap(node.settings().cache().mapName());
    }

    @AfterEach
    void stop() {
        cache.close();
        // MongoDB answers again on its port, so the member's queued writes drain before it leaves.
        grid.restartMongo();
        grid.close();
    }

    @Test
    void forgetSubject_gridCopyTakenBefore_noLongerDecrypts() {
        CacheRequest request = CacheRequest.forSubject("my last potassium result means what", CONTEXT, "patient-1");
        cache.store(request, answer("within the normal range"));
        String key = CacheKeys.key(request);
        CacheEntry copy = map.get(key);
        assertThat(cache.lookup(request).response()).contains(answer("within the normal range"));

        cache.forgetSubject("patient-1");
        map.set(key, copy); // a restored backup of the grid entry
        CareCache sameRing = node.cache(ring);

        assertThat(sameRing.lookup(request).tier()).isEqualTo(Tier.MISS);
        sameRing.close();
    }

    @Test
    void forgetSubject_afterRepeatedL1Hits_nothingIsServedFromL1() {
        CacheRequest request = CacheRequest.forSubject("is my thyroid dose too high", CONTEXT, "patient-4");
        cache.store(request, answer("your dose is within the usual range"));
        cache.lookup(request);
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.L1);
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.L1);

        cache.forgetSubject("patient-4");

        assertThat(cache.lookup(request).response()).isEmpty();
    }

    @Test
    void forgetSubject_mongoDocumentRestoredFromSnapshot_noLongerDecrypts() {
        CacheRequest request = CacheRequest.forSubject("should I change my statin dose", CONTEXT, "patient-1");
        cache.store(request, answer("ask your cardiologist"));
        String key = CacheKeys.key(request);
        Document snapshot = entries().find(Filters.eq("_id", key)).first();
        assertThat(snapshot).isNotNull();

        cache.forgetSubject("patient-1");
        entries().insertOne(snapshot); // a restored MongoDB snapshot
        map.evict(key);

        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void forgetSubject_subjectDocumentsAndKeyGoneFromMongo() {
        CacheRequest inGrid = CacheRequest.forSubject("is my blood pressure reading high", CONTEXT, "patient-1");
        CacheRequest onlyInMongo = CacheRequest.forSubject("what does my ecg show", CONTEXT, "patient-1");
        cache.store(inGrid, answer("slightly"));
        cache.store(onlyInMongo, answer("a normal rhythm"));
        map.evict(CacheKeys.key(onlyInMongo));
        String subject = CacheKeys.subjectHash("patient-1");
        assertThat(entries().countDocuments(Filters.eq(SUBJECT_FIELD, subject))).isEqualTo(2);
        assertThat(keys().countDocuments(Filters.eq("_id", subject))).isEqualTo(1);

        cache.forgetSubject("patient-1");

        assertThat(entries().countDocuments(Filters.eq(SUBJECT_FIELD, subject))).isZero();
        assertThat(keys().countDocuments(Filters.eq("_id", subject))).isZero();
    }

    @Test
    void forgetSubject_otherSubjectsAndSharedEntries_untouched() {
        CacheRequest forgotten = CacheRequest.forSubject("is my blood pressure reading high", CONTEXT, "patient-1");
        CacheRequest other = CacheRequest.forSubject("is my blood pressure reading high", CONTEXT, "patient-2");
        CacheRequest shared = CacheRequest.shared("what is a normal blood pressure", CONTEXT);
        cache.store(forgotten, answer("slightly"));
        cache.store(other, answer("no"));
        cache.store(shared, answer("below 120/80"));

        cache.forgetSubject("patient-1");

        assertThat(cache.lookup(other).response()).contains(answer("no"));
        assertThat(cache.lookup(shared).response()).contains(answer("below 120/80"));
        assertThat(entries().countDocuments(Filters.eq(SUBJECT_FIELD, CacheKeys.subjectHash("patient-2")))).isEqualTo(1);
        assertThat(keys().countDocuments(Filters.eq("_id", CacheKeys.subjectHash("patient-2")))).isEqualTo(1);
        assertThat(cache.lookup(forgotten).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void forgetSubject_throughThinClient_erasesOnAMember() {
        try (CareCache overClient = CareCache.builder(grid.client()).keyRing(ring).settings(node.settings().cache()).build()) {
            CacheRequest request = CacheRequest.forSubject("what does my ecg show", CONTEXT, "patient-3");
            overClient.store(request, answer("a normal rhythm"));
            map.evict(CacheKeys.key(request));

            overClient.forgetSubject("patient-3");

            assertThat(entries().countDocuments(Filters.eq(SUBJECT_FIELD, CacheKeys.subjectHash("patient-3")))).isZero();
            assertThat(overClient.lookup(request).tier()).isEqualTo(Tier.MISS);
        }
    }

    @Test
    void forgetSubject_mongoDown_throwsErasureFailed() {
        CacheRequest request = CacheRequest.forSubject("is my blood pressure reading high", CONTEXT, "patient-1");
        cache.store(request, answer("slightly"));
        grid.stopMongo();

        assertThatThrownBy(() -> cache.forgetSubject("patient-1")).isInstanceOf(ErasureFailedException.class);
    }

    private MongoCollection<Document> entries() {
        return grid.database().getCollection(MongoEntryStore.COLLECTION);
    }

    private MongoCollection<Document> keys() {
        return grid.database().getCollection(MongoSubjectKeyStore.COLLECTION);
    }

    private static CareResponse answer(String text) {
        return new CareResponse(text, List.of("aha"), 0.8);
    }
}
