package io.carecache.node.internal.l3;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryStore;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.MemberCircuits;
import io.carecache.internal.grid.MemberReadLog;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.carecache.node.internal.l3.EntryDocuments.EXPIRES_AT;
import static io.carecache.node.internal.l3.EntryDocuments.ID;

/**
 * L3: the MapStore of the entry map, backed by the MongoDB collection
 * {@value #COLLECTION}. Documents hold only ciphertext and clear metadata.
 *
 * <p>Loads never return an expired document, however late MongoDB's TTL monitor runs, and give
 * the loaded entry an expiration of {@code min(now + L2 TTL, expires_at)} so L2 never outlives
 * L3. A single-key load marks the key in the member's {@link MemberReadLog}, which is how the
 * read that caused it is reported as an L3 hit. Writes are upserts that keep the document's hit
 * statistics. One instance per member: {@link #init} binds it to its member.
 *
 * <p>Every MongoDB call goes through the member's {@link MongoBreaker}; it is registered in the
 * member's user context so an embedded facade's {@code stats()} and the member's metrics show it.
 * Failed writes are thrown, never swallowed: Hazelcast keeps a failed write-behind entry queued and
 * retries it until MongoDB takes it (see "When MongoDB is down" in {@code docs/architecture.md}).
 */
public final class MongoEntryStore implements EntryStore<String, CacheEntry>, MapLoaderLifecycleSupport {
    /** The collection holding the entries. */
    public static final String COLLECTION = "therapeutic_response_cache";

    private static final Logger LOG = LoggerFactory.getLogger(MongoEntryStore.class);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoCollection<Document> collection;
    private final long l2TtlMillis;
    private final Clock clock;
    private final MongoBreaker breaker;
    private volatile MemberReadLog readLog;

    /**
     * @param collection the {@value #COLLECTION} collection, indexes ensured ({@link #ensureIndexes})
     * @param l2Ttl the L2 TTL; a loaded entry lives in L2 at most this long
     * @param clock the clock deciding what has expired
     */
    public MongoEntryStore(MongoCollection<Document> collection, Duration l2Ttl, Clock clock) {
        this(collection, l2Ttl, clock, new MongoBreaker());
    }

    /** As above, with the member's MongoDB circuit breaker. */
    public MongoEntryStore(MongoCollection<Document> collection, Duration l2Ttl, Clock clock, MongoBreaker breaker) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.l2TtlMillis = l2Ttl.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    /** The breaker around this store's MongoDB calls. */
    public MongoBreaker breaker() {
        return breaker;
    }

    /**
     * Creates the collection's indexes if they are missing (idempotent): the TTL index on
     * {@code expires_at}, ({@code metadata.semantic_cluster}, {@code metadata.care_contexts}) for
     * cluster warming, and {@code metadata.subject} for erasure.
     */
    public static void ensureIndexes(MongoCollection<Document> collection) {
        collection.createIndexes(List.of(
                new IndexModel(Indexes.ascending(EXPIRES_AT),
                        new IndexOptions().name("expires_at_ttl").expireAfter(0L, TimeUnit.SECONDS)),
                new IndexModel(Indexes.ascending(metadataField(EntryDocuments.SEMANTIC_CLUSTER),
                        metadataField(EntryDocuments.CARE_CONTEXTS)),
                        new IndexOptions().name("cluster_care_contexts")),
                new IndexModel(Indexes.ascending(metadataField(EntryDocuments.SUBJECT)),
                        new IndexOptions().name("subject").sparse(true))));
    }

    @Override
    public void init(HazelcastInstance member, Properties properties, String mapName) {
        this.readLog = MemberReadLog.of(member);
        MemberCircuits.register(member, MongoBreaker.NAME, breaker::state);
    }

    @Override
    public void destroy() {
        // The node owns the MongoDB client and closes it after the member has shut down.
    }

    @Override
    public MetadataAwareValue<CacheEntry> load(String key) {
        long now = clock.millis();
        Document doc = breaker.call(() -> collection.find(Filters.and(Filters.eq(ID, key), unexpired(now))).first());
        if (doc == null) {
            return null;
        }
        MetadataAwareValue<CacheEntry> value = toValue(doc, now);
        MemberReadLog log = readLog;
        if (value != null && log != null) {
            log.markLoaded(key);
        }
        return value;
    }

    @Override
    public Map<String, MetadataAwareValue<CacheEntry>> loadAll(Collection<String> keys) {
        Map<String, MetadataAwareValue<CacheEntry>> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        long now = clock.millis();
        List<Document> docs = breaker.call(() ->
                collection.find(Filters.and(Filters.in(ID, keys), unexpired(now))).into(new ArrayList<>()));
        for (Document doc : docs) {
            MetadataAwareValue<CacheEntry> value = toValue(doc, now);
            if (value != null) {
                out.put(value.getValue().key(), value);
            }
        }
        return out;
    }

    /** Lazy: nothing is loaded when the map starts; warming loads hot keys explicitly. */
    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }

    @Override
    public void store(String key, MetadataAwareValue<CacheEntry> value) {
        breaker.run(() -> collection.updateOne(Filters.eq(ID, key), EntryDocuments.upsert(value.getValue()), UPSERT));
    }

    @Override
    public void storeAll(Map<String, MetadataAwareValue<CacheEntry>> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(entries.size());
        entries.forEach((key, value) ->
                writes.add(new UpdateOneModel<>(Filters.eq(ID, key), EntryDocuments.upsert(value.getValue()), UPSERT)));
        breaker.run(() -> collection.bulkWrite(writes, UNORDERED));
    }

    @Override
    public void delete(String key) {
        breaker.run(() -> collection.deleteOne(Filters.eq(ID, key)));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        if (!keys.isEmpty()) {
            breaker.run(() -> collection.deleteMany(Filters.in(ID, keys)));
        }
    }

    private MetadataAwareValue<CacheEntry> toValue(Document doc, long now) {
        CacheEntry entry;
        try {
            entry = EntryDocuments.toEntry(doc);
        } catch (IllegalStateException e) {
            // A document nobody can serve is a miss, not a failed read.
            LOG.warn("Skipping L3 document {}: {}", shortKey(doc.get(ID)), e.getMessage());
            return null;
        }
        if (entry.isExpiredAt(now)) {
            return null;
        }
        return new MetadataAwareValue<>(entry, Math.min(now + l2TtlMillis, entry.expiresAtMillis()));
    }

    private static org.bson.conversions.Bson unexpired(long now) {
        return Filters.gt(EXPIRES_AT, new Date(now));
    }

    private static String metadataField(String name) {
        return EntryDocuments.METADATA + "." + name;
    }

    private static String shortKey(Object key) {
        String text = String.valueOf(key);
        return text.length() > 12 ? text.substring(0, 12) + "..." : text;
    }
}
