package io.carecache.node;

import com.hazelcast.client.map.impl.nearcache.NearCachedClientMapProxy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.mongodb.client.MongoDatabase;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.ReencryptionReport;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.ReplaceEnvelope;
import io.carecache.internal.keys.CacheKeys;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation with the re-encryption job on a real two-member cluster with L3 on a MongoDB
 * wire-protocol server: after {@code useKeyRing} and {@code reencrypt()}, every entry in the grid
 * and in MongoDB (including those only in MongoDB) and every subject key is under the new key, every
 * answer reads back equal, and the old key can leave the ring without a single MISS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReencryptionTest {
    private static final CareContext CONTEXT = CareContext.builder("model-rot", "prompt-rot").careContext("asthma").build();
    private static final int SHARED = 60;
    private static final int PER_SUBJECT = 4;
    private static final List<String> SUBJECTS = List.of("patient-a", "patient-b", "patient-c");

    private NodeGrid grid;
    private NodeSettings settings;
    private CareCacheNode node1;
    private HazelcastInstance client;
    private final Map<CacheRequest, CareResponse> stored = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        grid = NodeGrid.start("reencrypt", 2);
        settings = grid.settings();
        node1 = grid.member(0);
        client = grid.client();
    }

    @BeforeEach
    void emptyCache() {
        stored.clear();
        entryMap().clear();
        node1.hazelcast().getMap(CareCacheGrid.SUBJECT_KEY_MAP).clear();
        database().getCollection("therapeutic_response_cache").deleteMany(new Document());
        database().getCollection("subject_keys").deleteMany(new Document());
        clearClientNearCache();
    }

    @AfterAll
    void stop() {
        grid.close();
    }

    @Test
    void reencrypt_afterRotation_movesEveryEntryAndSubjectKeyAndTheOldKeyCanGo() {
        byte[] newRaw = KeyRing.randomKey();
        KeyRing oldRing = KeyRing.generate("old");
        CareCache cache = facade(oldRing);
        storeAnswers(cache);
        // half the entries live only in MongoDB now: the job must find them there
        List<String> keys = stored.keySet().stream().map(CacheKeys::key).toList();
        for (int i = 0; i < keys.size(); i += 2) {
            entryMap().evict(keys.get(i));
        }

        cache.useKeyRing(oldRing.rotateTo("new", newRaw));
        ReencryptionReport report = cache.reencrypt();

        assertThat(report.activeKeyId()).isEqualTo("new");
        assertThat(report.scanned()).isEqualTo(SHARED);
        assertThat(report.reencrypted()).isEqualTo(SHARED);
        assertThat(report.unreadable()).isZero();
        assertThat(report.subjectKeysRewrapped()).isEqualTo(SUBJECTS.size());
        assertThat(report.complete()).isTrue();
        assertThat(keyIdsInMongo()).hasSize(stored.size()).allSatisfy(id -> assertThat(id).matches("new|subject:[0-9a-f]{16}"));
        assertThat(database().getCollection("subject_keys").find().map(d -> d.getString("wrapping_key_id")))
                .hasSize(SUBJECTS.size()).containsOnly("new");
        assertThat(entryMap().values()).isNotEmpty().allSatisfy(e -> assertThat(e.keyId()).matches("new|subject:[0-9a-f]{16}"));

        // the old key leaves the ring: everything still reads back, from L3 as well as from L2
        CareCache newOnly = facade(KeyRing.of("new", Map.of("new", newRaw)));
        for (int i = 0; i < keys.size(); i += 3) {
            entryMap().evict(keys.get(i));
        }
        clearClientNearCache();
        for (Map.Entry<CacheRequest, CareResponse> e : stored.entrySet()) {
            LookupResult result = newOnly.lookup(e.getKey());
            assertThat(result.response()).as("%s from %s", e.getKey().query(), result.tier()).contains(e.getValue());
        }
        assertThat(newOnly.stats().performance().corruptEntries()).isZero();
        assertThat(newOnly.stats().performance().misses()).isZero();
    }

    @Test
    void reencrypt_secondRun_findsNothingLeft() {
        KeyRing oldRing = KeyRing.generate("old");
        CareCache cache = facade(oldRing);
        storeAnswers(cache);
        cache.useKeyRing(oldRing.rotateTo("new", KeyRing.randomKey()));
        cache.reencrypt();

        ReencryptionReport again = cache.reencrypt();

        assertThat(again.scanned()).isZero();
        assertThat(again.subjectKeysRewrapped()).isZero();
        assertThat(again.complete()).isTrue();
    }

    @Test
    void replaceEnvelope_entryRewrittenMeanwhile_keepsTheNewerWrite() {
        KeyRing ring = KeyRing.generate("old");
        CareCache cache = facade(ring);
        CacheRequest request = CacheRequest.shared("how do I use a spacer " + UUID.randomUUID(), CONTEXT);
        cache.store(request, new CareResponse("first answer", List.of(), 0.7));
        String key = CacheKeys.key(request);
        CacheEntry seen = current(key);
        // a newer write lands between the job's read and its write-back
        cache.store(request, new CareResponse("newer answer", List.of(), 0.9));
        CacheEntry newer = current(key);

        Boolean replaced = entryMap().executeOnKey(key, new ReplaceEnvelope(seen.nonce(), seen));

        assertThat(replaced).isFalse();
        assertThat(newer.nonce()).isNotEqualTo(seen.nonce());
        assertThat(current(key).nonce()).isEqualTo(newer.nonce());
        assertThat(cache.lookup(request).response().orElseThrow().aiResponse()).isEqualTo("newer answer");
    }

    @Test
    void reencrypt_entryUnderAKeyTheRingLacks_isReportedUnreadableAndLeftAlone() {
        CareCache other = facade(KeyRing.generate("foreign"));
        CacheRequest request = CacheRequest.shared("sealed by another deployment " + UUID.randomUUID(), CONTEXT);
        other.store(request, new CareResponse("not ours", List.of(), 0.5));
        CareCache cache = facade(KeyRing.generate("old").rotateTo("new", KeyRing.randomKey()));

        ReencryptionReport report = cache.reencrypt();

        assertThat(report.scanned()).isEqualTo(1);
        assertThat(report.unreadable()).isEqualTo(1);
        assertThat(report.complete()).isFalse();
        assertThat(keyIdsInMongo()).containsExactly("foreign");
    }

    private void storeAnswers(CareCache cache) {
        for (int i = 0; i < SHARED; i++) {
            CacheRequest request = CacheRequest.shared("what triggers asthma attacks, case " + i, CONTEXT);
            CareResponse answer = new CareResponse("Common triggers, part " + i + ": pollen, smoke, cold air.",
                    List.of("gina-2025"), 0.8);
            assertThat(cache.store(request, answer).stored()).isTrue();
            stored.put(request, answer);
        }
        for (String subject : SUBJECTS) {
            for (int i = 0; i < PER_SUBJECT; i++) {
                CacheRequest request = CacheRequest.forSubject("when is my next inhaler refill, item " + i, CONTEXT, subject);
                CareResponse answer = new CareResponse("Your refill " + i + " is due next week.", List.of(), 0.6);
                assertThat(cache.store(request, answer).stored()).isTrue();
                stored.put(request, answer);
            }
        }
    }

    private CareCache facade(KeyRing ring) {
        return CareCache.builder(client).keyRing(ring).settings(settings.cache()).build();
    }

    private List<String> keyIdsInMongo() {
        List<String> ids = new ArrayList<>();
        for (Document doc : database().getCollection("therapeutic_response_cache").find()) {
            ids.add(doc.get("encryption", Document.class).getString("key_id"));
        }
        return ids;
    }

    private void clearClientNearCache() {
        ((NearCachedClientMapProxy<?, ?>) client.getMap(settings.cache().mapName())).getNearCache().clear();
    }

    // The owner's value, past the member's near cache (its invalidations arrive asynchronously).
    private CacheEntry current(String key) {
        return entryMap().getEntryView(key).getValue();
    }

    private IMap<String, CacheEntry> entryMap() {
        return node1.hazelcast().getMap(settings.cache().mapName());
    }

    private MongoDatabase database() {
        return grid.database();
    }
}
