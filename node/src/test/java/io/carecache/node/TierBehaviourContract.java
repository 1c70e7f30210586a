package io.carecache.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.keys.CacheKeys;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * Where lookups are answered (L1, L2, L3) and what reaches MongoDB, on a real two-member cluster
 * over loopback TCP with L3 on a MongoDB wire-protocol server. Each subclass supplies the facade
 * under test: one over an embedded member, one over a thin client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TierBehaviourContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CareContext CONTEXT = CareContext.builder("model-1", "prompt-1")
            .careContext("diabetes").cohort("age_group", "adult").build();

    private MongoServer mongoServer;
    private MongoClient mongoClient;
    private NodeSettings settings1;
    private NodeSettings settings2;
    protected CareCacheNode node1;
    protected CareCacheNode node2;
    private KeyRing ring;
    private CareCache cache;

    /** A facade of the kind under test over the running cluster. */
    protected abstract CareCache connect(KeyRing keyRing);

    /** Drops every L1 entry of the facade under test. */
    protected abstract void clearL1();

    /** Called once the cluster runs (again): e.g. to (re)connect a client. */
    protected void clusterStarted(NodeSettings settings, List<String> memberAddresses) {
    }

    /** Called before the cluster shuts down. */
    protected void clusterStopping() {
    }

    @BeforeAll
    void startCluster() {
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
        mongoClient = MongoClients.create(uri);
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        List<String> members = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
        CacheSettings cacheSettings = CacheSettings.builder()
                // uncompressed, so plaintext would be visible at rest if encryption were missing
                .compression(false, 6)
                .build();
        settings1 = NodeSettings.builder()
                .cache(cacheSettings)
                .clusterName("tiers-" + UUID.randomUUID())
                .port(port1)
                .members(members)
                .mongoUri(Optional.of(uri))
                .mongoDatabase("tiers")
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH)
                .hitFlushInterval(Duration.ofMillis(500))
                .healthPort(0)
                .build();
        settings2 = settings1.toBuilder().port(port2).build();
        startNodes();
    }

    @AfterAll
    void stopCluster() {
        stopNodes();
        mongoClient.close();
        mongoServer.shutdownNow();
    }

    @BeforeEach
    void newFacade() {
        ring = KeyRing.generate("k-" + UUID.randomUUID());
        cache = connect(ring);
    }

    @Test
    void lookup_afterStore_answersFromL2() {
        CacheRequest request = request("how often should I check my blood sugar");
        cache.store(request, answer("Check before meals."));

        LookupResult result = cache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.L2);
        assertThat(result.response()).contains(answer("Check before meals."));
    }

    @Test
    void lookup_secondRead_answersFromL1() {
        CacheRequest request = request("what is a normal fasting glucose");
        cache.store(request, answer("70 to 99 mg/dL."));
        cache.lookup(request);

        LookupResult result = cache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.L1);
        assertThat(result.response()).contains(answer("70 to 99 mg/dL."));
    }

    @Test
    void lookup_withL1Cleared_answersFromL2() {
        CacheRequest request = request("can I exercise with type 2 diabetes");
        cache.store(request, answer("Yes, with care."));
        cache.lookup(request);

        clearL1();
        LookupResult result = cache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.L2);
    }

    @Test
    void lookup_afterL2Evicted_answersFromL3ByteIdentical() throws IOException {
        // One key owned by each member, so attribution is checked on the local and on a remote member.
        List<CacheRequest> requests = requestsOwnedByEachMember("what should I eat after insulin");
        List<CareResponse> answers = new ArrayList<>();
        for (CacheRequest request : requests) {
            CareResponse answer = new CareResponse("Eat within 15 minutes. " + request.query(), List.of("ada-2024", "nice-ng28"), 0.93);
            answers.add(answer);
            cache.store(request, answer);
        }

        entryMap().evictAll();
        clearL1();

        for (int i = 0; i < requests.size(); i++) {
            LookupResult result = cache.lookup(requests.get(i));
            assertThat(result.tier()).as("owner %d", i).isEqualTo(Tier.L3);
            assertThat(result.response()).contains(answers.get(i));
            assertThat(JSON.writeValueAsString(result.response().orElseThrow())).isEqualTo(JSON.writeValueAsString(answers.get(i)));
        }
    }

    @Test
    void lookup_fromL3_entryLeavesL2NoLaterThanItsL3Expiry() {
        CacheRequest request = request("how long is this answer good for");
        cache.store(request, answer("a while"));
        String key = CacheKeys.key(request);
        long l3Expiry = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        documents().updateOne(Filters.eq("_id", key), Updates.set("expires_at", new Date(l3Expiry)));
        entryMap().evict(key);
        clearL1();

        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.L3);

        // L2's TTL is 30 minutes; the document expires in 10, so L2 must drop it with the document
        // (Hazelcast keeps expiry at whole-second precision, rounding down).
        assertThat(entryMap().getEntryView(key).getExpirationTime()).isBetween(l3Expiry - 1000, l3Expiry);
    }

    @Test
    void lookup_afterL3Read_answersFromL2Next() {
        CacheRequest request = request("is fruit allowed");
        cache.store(request, answer("In moderation."));
        entryMap().evictAll();
        clearL1();
        cache.lookup(request);

        clearL1();
        LookupResult result = cache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.L2);
    }

    @Test
    void lookup_afterWholeClusterRestart_servesUnexpiredEntriesFromL3Only() {
        CacheRequest kept1 = request("restart question one");
        CacheRequest kept2 = request("restart question two");
        CacheRequest expired = request("restart question expired");
        cache.store(kept1, answer("one"));
        cache.store(kept2, answer("two"));
        cache.store(expired, answer("expired"));
        // The document stays, as it would until MongoDB's TTL monitor gets round to it.
        documents().updateOne(Filters.eq("_id", CacheKeys.key(expired)),
                Updates.set("expires_at", new Date(System.currentTimeMillis() - 1000)));

        clusterStopping();
        stopNodes();
        startNodes();
        cache = connect(ring);

        assertThat(cache.lookup(kept1).tier()).isEqualTo(Tier.L3);
        assertThat(cache.lookup(kept1).response()).contains(answer("one"));
        assertThat(cache.lookup(kept2).tier()).isEqualTo(Tier.L3);
        LookupResult expiredResult = cache.lookup(expired);
        assertThat(expiredResult.tier()).isEqualTo(Tier.MISS);
        assertThat(expiredResult.response()).isEmpty();
        assertThat(documents().countDocuments(Filters.eq("_id", CacheKeys.key(expired)))).isEqualTo(1);
    }

    @Test
    void store_uniqueMarker_neverReachesMongoInPlaintext() {
        String marker = "MARKER-" + UUID.randomUUID();
        CacheRequest request = request("plaintext at rest check");
        cache.store(request, new CareResponse("The answer carries " + marker, List.of("src-" + marker), 0.5));

        MongoCollection<RawBsonDocument> raw = mongoClient.getDatabase(settings1.mongoDatabase())
                .getCollection("therapeutic_response_cache", RawBsonDocument.class);
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        int scanned = 0;
        for (RawBsonDocument doc : raw.find()) {
            ByteBuffer buffer = doc.getByteBuffer().asNIO();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            assertThat(indexOf(bytes, needle)).as("marker in raw BSON").isEqualTo(-1);
            assertThat(doc.toJson()).doesNotContain(marker);
            scanned++;
        }
        assertThat(scanned).isPositive();
        assertThat(cache.lookup(request).response().orElseThrow().aiResponse()).contains(marker);
    }

    @Test
    void store_document_carriesKeyIdNonceAndExpiry() {
        CacheRequest request = request("document envelope check");
        long before = System.currentTimeMillis();
        cache.store(request, answer("envelope"));

        Document doc = documents().find(Filters.eq("_id", CacheKeys.key(request))).first();

        assertThat(doc).isNotNull();
        Document encryption = doc.get("encryption", Document.class);
        assertThat(encryption.getString("key_id")).isEqualTo(ring.activeKeyId());
        assertThat(encryption.getString("algorithm")).isEqualTo("AES-256-GCM");
        assertThat(encryption.get("nonce", Binary.class).getData()).hasSize(12);
        long l3Ttl = settings1.cache().l3Ttl().toMillis();
        assertThat(doc.getDate("expires_at").getTime()).isBetween(before + l3Ttl, System.currentTimeMillis() + l3Ttl);
    }

    @Test
    void lookup_tamperedCiphertextInL3_missesAndCountsCorruptEntry() {
        CacheRequest request = request("tamper check");
        cache.store(request, answer("genuine"));
        String key = CacheKeys.key(request);
        entryMap().evict(key);
        clearL1();
        Document doc = documents().find(Filters.eq("_id", key)).first();
        byte[] ciphertext = doc.get("ciphertext", Binary.class).getData();
        ciphertext[ciphertext.length / 2] ^= 0x01;
        documents().updateOne(Filters.eq("_id", key), Updates.set("ciphertext", new Binary(ciphertext)));

        LookupResult[] result = new LookupResult[1];
        assertThatCode(() -> result[0] = cache.lookup(request)).doesNotThrowAnyException();

        assertThat(result[0].tier()).isEqualTo(Tier.MISS);
        assertThat(result[0].response()).isEmpty();
        assertThat(cache.stats().performance().corruptEntries()).isEqualTo(1);
    }

    @Test
    void lookup_entryUnderUnknownKeyId_misses() {
        CacheRequest request = request("unknown key id check");
        cache.store(request, answer("sealed under a key the reader lacks"));
        entryMap().evictAll();
        clearL1();

        CareCache otherRing = connect(KeyRing.generate("other-" + UUID.randomUUID()));
        LookupResult result = otherRing.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(result.response()).isEmpty();
    }

    @Test
    void lookup_entryUnderUnknownKeyId_leavesTheL3CopyForKeyHolders() {
        CacheRequest request = request("rotation in flight");
        cache.store(request, answer("sealed under the newer key"));
        entryMap().evictAll();
        clearL1();

        CareCache behind = connect(KeyRing.generate("old-" + UUID.randomUUID()));
        assertThat(behind.lookup(request).tier()).isEqualTo(Tier.MISS);

        // An instance that holds the key still finds the entry: the reader without it did not delete it.
        LookupResult holder = cache.lookup(request);
        assertThat(holder.isHit()).isTrue();
        assertThat(holder.response()).contains(answer("sealed under the newer key"));
    }

    @Test
    void store_afterKeyRotation_writesNewKeyIdAndOldEntriesStayReadable() {
        CacheRequest old = request("rotation old entry");
        cache.store(old, answer("old key"));
        KeyRing rotated = ring.rotateTo("rotated-" + UUID.randomUUID().toString().substring(0, 8), KeyRing.randomKey());
        cache.useKeyRing(rotated);
        CacheRequest fresh = request("rotation new entry");

        cache.store(fresh, answer("new key"));
        entryMap().evictAll();
        clearL1();

        assertThat(keyIdInMongo(fresh)).isEqualTo(rotated.activeKeyId());
        assertThat(keyIdInMongo(old)).isEqualTo(ring.activeKeyId());
        assertThat(cache.lookup(old).response()).contains(answer("old key"));
        assertThat(cache.lookup(fresh).response()).contains(answer("new key"));
    }

    @Test
    void lookup_gridReads_reachAccessCountInMongoInBatches() {
        CacheRequest request = request("hit count check");
        cache.store(request, answer("counted"));
        for (int i = 0; i < 3; i++) {
            clearL1();
            cache.lookup(request);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Document doc = documents().find(Filters.eq("_id", CacheKeys.key(request))).first();
            assertThat(((Number) doc.get("access_count")).longValue()).isEqualTo(3);
            assertThat(doc.getDate("last_accessed")).isNotNull();
        });
    }

    @Test
    void invalidate_storedEntry_removesItFromL3() {
        CacheRequest request = request("invalidate check");
        cache.store(request, answer("to be removed"));

        assertThat(cache.invalidate(request)).isTrue();

        assertThat(documents().countDocuments(Filters.eq("_id", CacheKeys.key(request)))).isZero();
        clearL1();
        assertThat(cache.lookup(request).tier()).isEqualTo(Tier.MISS);
    }

    private void startNodes() {
        node1 = CareCacheNode.start(settings1);
        node2 = CareCacheNode.start(settings2);
        await().atMost(Duration.ofSeconds(60)).until(() -> node1.hazelcast().getCluster().getMembers().size() == 2
                && node1.isReady() && node2.isReady());
        clusterStarted(settings1, List.of(address(node1), address(node2)));
    }

    private static String address(CareCacheNode node) {
        var address = node.hazelcast().getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }

    private void stopNodes() {
        if (node2 != null) {
            node2.close();
        }
        if (node1 != null) {
            node1.close();
        }
    }

    protected IMap<String, CacheEntry> entryMap() {
        return node1.hazelcast().getMap(settings1.cache().mapName());
    }

    private MongoCollection<Document> documents() {
        return mongoClient.getDatabase(settings1.mongoDatabase()).getCollection("therapeutic_response_cache");
    }

    private String keyIdInMongo(CacheRequest request) {
        return documents().find(Filters.eq("_id", CacheKeys.key(request))).first()
                .get("encryption", Document.class).getString("key_id");
    }

    private List<CacheRequest> requestsOwnedByEachMember(String base) {
        List<CacheRequest> out = new ArrayList<>();
        for (CareCacheNode owner : List.of(node1, node2)) {
            for (int i = 0; ; i++) {
                CacheRequest candidate = request(base + " " + owner.hazelcast().getName() + " " + i);
                if (node1.hazelcast().getPartitionService().getPartition(CacheKeys.key(candidate)).getOwner()
                        .equals(owner.hazelcast().getCluster().getLocalMember())) {
                    out.add(candidate);
                    break;
                }
            }
        }
        return out;
    }

    private static CacheRequest request(String question) {
        // Unique per test run: the cluster and MongoDB outlive single tests.
        return CacheRequest.shared(question + " " + UUID.randomUUID(), CONTEXT);
    }

    private static CareResponse answer(String text) {
        return new CareResponse(text, List.of("guideline-1"), 0.9);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
