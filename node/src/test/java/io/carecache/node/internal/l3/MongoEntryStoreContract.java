package io.carecache.node.internal.l3;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryLoader.MetadataAwareValue;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.MemberReadLog;
import io.carecache.node.NodeSettings;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every L3 backend must show, run against each backend by a subclass: the
 * MongoDB MapStore, its document shape and indexes, and the batched hit counts.
 */
abstract class MongoEntryStoreContract {
    private static final Duration L2_TTL = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static HazelcastInstance member;

    private final Instant now = Instant.now();
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private MongoL3 l3;
    private MongoCollection<Document> collection;
    private MongoEntryStore store;

    /** The backend's connection string. */
    protected abstract String connectionString();

    @BeforeAll
    static void startMember() {
        Config config = new Config().setClusterName("l3-contract-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1"));
        member = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    @BeforeEach
    void openStore() {
        NodeSettings settings = NodeSettings.builder()
                .mongoUri(Optional.of(connectionString()))
                .mongoDatabase("l3contract" + DATABASES.incrementAndGet() + "x" + Math.abs(RANDOM.nextInt()))
                .build();
        l3 = MongoL3.open(settings);
        collection = l3.collection();
        store = l3.newStore(L2_TTL, clock);
        store.init(member, new Properties(), "responses");
    }

    @AfterEach
    void closeStore() {
        if (l3 != null) {
            l3.collection().drop();
            l3.close();
        }
    }

    @Test
    void load_afterStore_returnsByteIdenticalEntry() {
        CacheEntry entry = entry(Duration.ofHours(6), "");

        store.store(entry.key(), new MetadataAwareValue<>(entry));
        CacheEntry loaded = store.load(entry.key()).getValue();

        assertThat(loaded).isEqualTo(entry);
        assertThat(loaded.ciphertext()).isEqualTo(entry.ciphertext());
        assertThat(loaded.nonce()).isEqualTo(entry.nonce());
        assertThat(loaded.origin()).isEqualTo(CacheEntry.ORIGIN_L2);
    }

    @Test
    void load_subjectScopedEntry_keepsSubjectHash() {
        CacheEntry entry = entry(Duration.ofHours(6), "subject-hash-1");

        store.store(entry.key(), new MetadataAwareValue<>(entry));

        assertThat(store.load(entry.key()).getValue().subjectHash()).isEqualTo("subject-hash-1");
    }

    @Test
    void load_entryOutlivingL2Ttl_expiresInL2AfterL2Ttl() {
        CacheEntry entry = entry(Duration.ofHours(6), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));

        assertThat(store.load(entry.key()).getExpirationTime()).isEqualTo(now.toEpochMilli() + L2_TTL.toMillis());
    }

    @Test
    void load_entryExpiringBeforeL2Ttl_expiresInL2WithTheEntry() {
        CacheEntry entry = entry(Duration.ofMinutes(5), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));

        assertThat(store.load(entry.key()).getExpirationTime()).isEqualTo(entry.expiresAtMillis());
    }

    @Test
    void load_expiredDocumentStillPresent_returnsNothing() {
        CacheEntry entry = entry(Duration.ofHours(6), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));
        collection.updateOne(Filters.eq("_id", entry.key()),
                Updates.set("expires_at", new Date(now.toEpochMilli() - 1)));

        assertThat(collection.countDocuments(Filters.eq("_id", entry.key()))).isEqualTo(1);
        assertThat(store.load(entry.key())).isNull();
        assertThat(store.loadAll(List.of(entry.key()))).isEmpty();
    }

    @Test
    void load_documentExpiringExactlyNow_returnsNothing() {
        CacheEntry entry = entry(Duration.ZERO, "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));

        assertThat(store.load(entry.key())).isNull();
    }

    @Test
    void load_unknownKey_returnsNothing() {
        assertThat(store.load(randomKey())).isNull();
    }

    @Test
    void load_malformedDocument_returnsNothingWithoutThrowing() {
        String key = randomKey();
        collection.insertOne(new Document("_id", key).append("expires_at", new Date(now.toEpochMilli() + 60_000)));

        assertThat(store.load(key)).isNull();
    }

    @Test
    void load_found_marksKeyLoadedForTierAttribution() {
        CacheEntry entry = entry(Duration.ofHours(6), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));

        store.load(entry.key());

        assertThat(MemberReadLog.of(member).consumeLoaded(entry.key())).isTrue();
    }

    @Test
    void loadAll_found_doesNotMarkKeysLoaded() {
        CacheEntry entry = entry(Duration.ofHours(6), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));

        store.loadAll(List.of(entry.key()));

        assertThat(MemberReadLog.of(member).consumeLoaded(entry.key())).isFalse();
    }

    @Test
    void loadAll_mixedKeys_returnsOnlyStoredUnexpiredEntries() {
        CacheEntry a = entry(Duration.ofHours(6), "");
        CacheEntry b = entry(Duration.ofHours(6), "");
        CacheEntry expired = entry(Duration.ZERO, "");
        for (CacheEntry e : List.of(a, b, expired)) {
            store.store(e.key(), new MetadataAwareValue<>(e));
        }

        Map<String, MetadataAwareValue<CacheEntry>> loaded = store.loadAll(List.of(a.key(), b.key(), expired.key(), randomKey()));

        assertThat(loaded).containsOnlyKeys(a.key(), b.key());
        assertThat(loaded.get(a.key()).getValue()).isEqualTo(a);
        assertThat(loaded.get(b.key()).getValue()).isEqualTo(b);
    }

    @Test
    void loadAllKeys_always_loadsNothingUpFront() {
        store.store(randomKey(), new MetadataAwareValue<>(entry(Duration.ofHours(6), "")));

        Iterable<String> keys = store.loadAllKeys();

        assertThat(keys == null || !keys.iterator().hasNext()).isTrue();
    }

    @Test
    void storeAll_entries_writesEveryOne() {
        Map<String, MetadataAwareValue<CacheEntry>> batch = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            CacheEntry e = entry(Duration.ofHours(6), "");
            batch.put(e.key(), new MetadataAwareValue<>(e));
        }

        store.storeAll(batch);

        assertThat(collection.countDocuments()).isEqualTo(5);
        batch.forEach((key, value) -> assertThat(store.load(key).getValue()).isEqualTo(value.getValue()));
    }

    @Test
    void store_rewriteOfCountedEntry_keepsAccessCount() {
        CacheEntry entry = entry(Duration.ofHours(6), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));
        collection.updateOne(Filters.eq("_id", entry.key()), Updates.set("access_count", 7L));

        CacheEntry rewritten = entry.withSemanticCluster(3);
        store.store(entry.key(), new MetadataAwareValue<>(rewritten));

        Document doc = collection.find(Filters.eq("_id", entry.key())).first();
        assertThat(((Number) doc.get("access_count")).longValue()).isEqualTo(7L);
        assertThat(doc.get("metadata", Document.class).getInteger("semantic_cluster")).isEqualTo(3);
    }

    @Test
    void delete_storedKey_removesDocument() {
        CacheEntry entry = entry(Duration.ofHours(6), "");
        store.store(entry.key(), new MetadataAwareValue<>(entry));

        store.delete(entry.key());

        assertThat(collection.countDocuments()).isZero();
        assertThat(store.load(entry.key())).isNull();
    }

    @Test
    void deleteAll_someKeys_removesOnlyThose() {
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CacheEntry e = entry(Duration.ofHours(6), "");
            entries.add(e);
            store.store(e.key(), new MetadataAwareValue<>(e));
        }

        store.deleteAll(List.of(entries.get(0).key(), entries.get(1).key()));

        assertThat(collection.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .containsExactly(entries.get(2).key());
    }

    @Test
    void store_sharedEntry_writesDocumentShape() {
        CacheEntry entry = entry(Duration.ofHours(6), "");

        store.store(entry.key(), new MetadataAwareValue<>(entry));

        Document doc = collection.find(Filters.eq("_id", entry.key())).first();
        assertThat(doc.keySet()).containsExactlyInAnyOrder("_id", "ciphertext", "encryption", "flags", "metadata",
                "created_at", "expires_at", "access_count");
        assertThat(doc.get("ciphertext", Binary.class).getData()).isEqualTo(entry.ciphertext());
        Document encryption = doc.get("encryption", Document.class);
        assertThat(encryption.getString("key_id")).isEqualTo(entry.keyId());
        assertThat(encryption.getString("algorithm")).isEqualTo("AES-256-GCM");
        assertThat(encryption.get("nonce", Binary.class).getData()).isEqualTo(entry.nonce());
        assertThat(doc.getInteger("flags")).isEqualTo(entry.flags());
        Document metadata = doc.get("metadata", Document.class);
        assertThat(metadata.getString("context_fingerprint")).isEqualTo(entry.fingerprint());
        assertThat(metadata.getList("care_contexts", String.class)).isEqualTo(entry.careContexts());
        assertThat(metadata.getInteger("semantic_cluster")).isEqualTo(entry.semanticCluster());
        assertThat(metadata.getString("scope")).isEqualTo("shared");
        assertThat(metadata.containsKey("subject")).isFalse();
        assertThat(doc.getDate("created_at").getTime()).isEqualTo(entry.createdAtMillis());
        assertThat(doc.getDate("expires_at").getTime()).isEqualTo(entry.expiresAtMillis());
        assertThat(((Number) doc.get("access_count")).longValue()).isZero();
    }

    @Test
    void store_subjectEntry_recordsSubjectForErasure() {
        CacheEntry entry = entry(Duration.ofHours(6), "subject-hash-2");

        store.store(entry.key(), new MetadataAwareValue<>(entry));

        Document doc = collection.find(Filters.eq("metadata.subject", "subject-hash-2")).first();
        assertThat(doc).isNotNull();
        assertThat(doc.get("metadata", Document.class).getString("scope")).isEqualTo("subject");
    }

    @Test
    void ensureIndexes_calledAgain_keepsTheThreeIndexes() {
        MongoEntryStore.ensureIndexes(collection);

        Map<String, Document> byName = new LinkedHashMap<>();
        for (Document index : collection.listIndexes()) {
            byName.put(index.getString("name"), index);
        }
        assertThat(byName).containsKeys("expires_at_ttl", "cluster_care_contexts", "subject");
        assertThat(byName.get("expires_at_ttl").get("key", Document.class)).isEqualTo(new Document("expires_at", 1));
        assertThat(((Number) byName.get("expires_at_ttl").get("expireAfterSeconds")).longValue()).isZero();
        assertThat(byName.get("cluster_care_contexts").get("key", Document.class))
                .isEqualTo(new Document("metadata.semantic_cluster", 1).append("metadata.care_contexts", 1));
        assertThat(byName.get("subject").get("key", Document.class)).isEqualTo(new Document("metadata.subject", 1));
    }

    @Test
    void flush_afterHits_incrementsAccessCountsInOneBatch() {
        CacheEntry a = entry(Duration.ofHours(6), "");
        CacheEntry b = entry(Duration.ofHours(6), "");
        store.store(a.key(), new MetadataAwareValue<>(a));
        store.store(b.key(), new MetadataAwareValue<>(b));
        MemberReadLog log = MemberReadLog.of(member);
        log.drainHits();
        HitCountFlusher flusher = new HitCountFlusher(collection, log, clock);
        for (int i = 0; i < 3; i++) {
            log.recordHit(a.key());
        }
        log.recordHit(b.key());

        int updated = flusher.flush();
        log.recordHit(a.key());
        flusher.flush();

        assertThat(updated).isEqualTo(2);
        Document docA = collection.find(Filters.eq("_id", a.key())).first();
        assertThat(((Number) docA.get("access_count")).longValue()).isEqualTo(4L);
        assertThat(docA.getDate("last_accessed").getTime()).isEqualTo(now.toEpochMilli());
        Document docB = collection.find(Filters.eq("_id", b.key())).first();
        assertThat(((Number) docB.get("access_count")).longValue()).isEqualTo(1L);
    }

    @Test
    void flush_hitOnKeyNotInL3_createsNoDocument() {
        MemberReadLog log = MemberReadLog.of(member);
        log.drainHits();
        log.recordHit(randomKey());

        new HitCountFlusher(collection, log, clock).flush();

        assertThat(collection.countDocuments()).isZero();
    }

    private CacheEntry entry(Duration expiresIn, String subjectHash) {
        byte[] nonce = new byte[12];
        byte[] ciphertext = new byte[200];
        RANDOM.nextBytes(nonce);
        RANDOM.nextBytes(ciphertext);
        long created = now.toEpochMilli();
        return new CacheEntry(randomKey(), "k-" + RANDOM.nextInt(1000), nonce, ciphertext, CacheEntry.FLAG_COMPRESSED,
                created, created + expiresIn.toMillis(), "fp-" + RANDOM.nextInt(), List.of("anxiety", "diabetes"),
                CacheEntry.NO_CLUSTER, subjectHash.isEmpty() ? "shared" : "subject", subjectHash, CacheEntry.ORIGIN_L2);
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
