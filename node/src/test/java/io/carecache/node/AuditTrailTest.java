package io.carecache.node;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.node.internal.l3.MongoAuditStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Audit events reach {@code cache_audit} through the grid, every operation accounted for (identical
 * accesses as one document with a count), with no query or answer text.
 */
class AuditTrailTest {
    private static final CareContext CONTEXT = CareContext.builder("m", "p").careContext("cardiology").build();
    private static final String QUERY = "can I take ibuprofen with lisinopril";
    private static final String SUBJECT_QUERY = "why is my creatinine rising";
    private static final String ANSWER = "avoid regular NSAID use with ACE inhibitors";
    private static final String SUBJECT_ANSWER = "discuss your kidney function with your nephrologist";

    private MongoServer mongo;
    private MongoClient mongoClient;
    private CareCacheNode node;

    @BeforeEach
    void start() throws IOException {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        int port = FreePorts.next();
        node = CareCacheNode.start(NodeSettings.builder().clusterName("audit-" + UUID.randomUUID())
                .port(port).members(List.of("127.0.0.1:" + port)).mongoUri(Optional.of(uri))
                .writeMode(NodeSettings.WriteMode.WRITE_BEHIND).writeDelay(Duration.ofSeconds(1)).healthPort(0).build());
        mongoClient = MongoClients.create(uri);
    }

    @AfterEach
    void stop() {
        node.close();
        mongoClient.close();
        mongo.shutdownNow();
    }

    @Test
    void audit_everyOperationKind_reachesCacheAudit() {
        runEveryOperation();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                documents().stream().map(d -> d.getString("action")).collect(Collectors.toSet()))
                .containsAll(Set.of("lookup", "store", "erasure", "key_rotation")));
    }

    @Test
    void audit_events_holdNoQueryOrResponseText() {
        runEveryOperation();
        await().atMost(Duration.ofSeconds(20)).until(() -> documents().size() >= 7); // 3 lookups, 2 stores, a rotation, an erasure

        for (Document d : documents()) {
            String raw = d.toJson();
            for (String text : List.of(QUERY, SUBJECT_QUERY, ANSWER, SUBJECT_ANSWER, "ibuprofen", "creatinine",
                    "NSAID", "patient-7", CacheKeys.key(CacheRequest.shared(QUERY, CONTEXT)))) {
                assertThat(raw).doesNotContain(text);
            }
        }
    }

    @Test
    void audit_lookupByUser_namesTheUserAndTheHashedKey() {
        CareCache cache = node.cache(KeyRing.generate("k1"));
        cache.lookup(CacheRequest.shared(QUERY, CONTEXT).withUser("dr-lee"));
        cache.close();
        node.hazelcast().getMap(CareCacheGrid.AUDIT_MAP).flush();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document d = audit().find(Filters.and(Filters.eq("actor", "dr-lee"), Filters.eq("action", "lookup"),
                    Filters.eq("outcome", "miss"), Filters.eq("tier", "MISS"))).first();
            assertThat(d).isNotNull();
            assertThat(d.getString("key_hash")).hasSize(16);
            assertThat(d.get("created_at")).isInstanceOf(java.util.Date.class);
        });
    }

    @Test
    void audit_repeatedLookup_documentsCountEveryAccess() {
        // no user: not rate limited; the actor is the service id
        CareCache cache = CareCache.builder(node.hazelcast()).keyRing(KeyRing.generate("k1"))
                .settings(node.settings().cache()).serviceId("repeat-svc").build();
        for (int i = 0; i < 25; i++) {
            cache.lookup(CacheRequest.shared(QUERY, CONTEXT));
        }
        cache.close();
        node.hazelcast().getMap(CareCacheGrid.AUDIT_MAP).flush();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Document> docs = audit().find(Filters.eq("actor", "repeat-svc")).into(new ArrayList<>());
            assertThat(docs.stream().mapToLong(d -> ((Number) d.get("count")).longValue()).sum()).isEqualTo(25);
            assertThat(docs).hasSizeLessThan(25).allSatisfy(d ->
                    assertThat(d.getDate("last_at")).isAfterOrEqualTo(d.getDate("created_at")));
        });
    }

    @Test
    void cacheAudit_retentionTtlIndex_expiresAfterSixYearsByDefault() {
        Document ttl = audit().listIndexes().into(new ArrayList<>()).stream()
                .filter(i -> "audit_retention_ttl".equals(i.getString("name"))).findFirst().orElseThrow();

        assertThat(((Number) ttl.get("expireAfterSeconds")).longValue())
                .isEqualTo(NodeSettings.DEFAULT_AUDIT_RETENTION.toSeconds());
    }

    private void runEveryOperation() {
        KeyRing ring = KeyRing.generate("k1");
        CareCache cache = CareCache.builder(node.hazelcast()).keyRing(ring).settings(node.settings().cache())
                .serviceId("triage-assistant").build();
        CacheRequest shared = CacheRequest.shared(QUERY, CONTEXT);
        CacheRequest forSubject = CacheRequest.forSubject(SUBJECT_QUERY, CONTEXT, "patient-7").withUser("portal-user-1");
        cache.lookup(shared);
        cache.store(shared, new CareResponse(ANSWER, List.of("fda"), 0.9));
        cache.lookup(shared);
        cache.getOrCompute(forSubject, r -> new CareResponse(SUBJECT_ANSWER, List.of("kdigo"), 0.7));
        cache.useKeyRing(ring.rotateTo("k2", KeyRing.randomKey()));
        cache.forgetSubject("patient-7");
        cache.close(); // sends the queued events to the grid
        node.hazelcast().getMap(CareCacheGrid.AUDIT_MAP).flush();
    }

    private List<Document> documents() {
        return audit().find().into(new ArrayList<>());
    }

    private MongoCollection<Document> audit() {
        return mongoClient.getDatabase(node.settings().mongoDatabase()).getCollection(MongoAuditStore.COLLECTION);
    }
}
