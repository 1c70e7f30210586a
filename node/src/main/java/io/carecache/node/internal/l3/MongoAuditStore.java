package io.carecache.node.internal.l3;

import com.hazelcast.map.MapStore;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.carecache.internal.audit.AuditEvent;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The write-behind MapStore of the audit map: appends events to the MongoDB collection
 * {@value #COLLECTION} in batches. Append-only: a removal from the grid (TTL, eviction) never
 * deletes an audit record, and nothing is read back. Records expire after the retention period
 * through a TTL index on {@code created_at}. One document may stand for several identical accesses
 * ({@code count}, first time {@code created_at}, last time {@code last_at}): count accesses by summing
 * {@code count}, not by counting documents.
 */
public final class MongoAuditStore implements MapStore<String, AuditEvent> {
    /** The collection holding the audit trail. */
    public static final String COLLECTION = "cache_audit";
    static final String CREATED_AT = "created_at";
    /** When the last of the record's {@value #COUNT} identical accesses happened ({@code created_at}: the first). */
    static final String LAST_AT = "last_at";
    /** How many identical accesses of one SDK flush interval the record stands for; sum it to count accesses. */
    static final String COUNT = "count";
    private static final int DUPLICATE_KEY = 11000;
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final MongoCollection<Document> collection;

    public MongoAuditStore(MongoCollection<Document> collection) {
        this.collection = Objects.requireNonNull(collection, "collection");
    }

    /** Creates the retention TTL index on {@code created_at} if missing (idempotent) and an actor/time index. */
    public static void ensureIndexes(MongoCollection<Document> collection, Duration retention) {
        collection.createIndexes(List.of(
                new IndexModel(Indexes.ascending(CREATED_AT),
                        new IndexOptions().name("audit_retention_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS)),
                new IndexModel(Indexes.ascending("actor", CREATED_AT), new IndexOptions().name("actor_time"))));
    }

    @Override
    public void store(String id, AuditEvent event) {
        storeAll(Map.of(id, event));
    }

    @Override
    public void storeAll(Map<String, AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(events.size());
        events.values().forEach(e -> docs.add(toDocument(e)));
        try {
            collection.insertMany(docs, UNORDERED);
        } catch (MongoBulkWriteException e) {
            // A retried batch: the events already stored keep their first copy; anything else is a real failure.
            if (e.getWriteErrors().stream().anyMatch(w -> w.getCode() != DUPLICATE_KEY)) {
                throw e;
            }
        }
    }

    /** Append-only: leaving the grid never removes an audit record. */
    @Override
    public void delete(String id) {
    }

    @Override
    public void deleteAll(Collection<String> ids) {
    }

    @Override
    public AuditEvent load(String id) {
        return null;
    }

    @Override
    public Map<String, AuditEvent> loadAll(Collection<String> ids) {
        return Map.of();
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }

    static Document toDocument(AuditEvent e) {
        return new Document("_id", e.id())
                .append("actor", e.actor())
                .append("action", e.action())
                .append("key_hash", e.keyHash())
                .append("tier", e.tier())
                .append("outcome", e.outcome())
                .append("phi_categories", e.phiCategories())
                .append("detail", e.detail())
                .append(CREATED_AT, new Date(e.atMillis()))
                .append(LAST_AT, new Date(e.lastAtMillis()))
                .append(COUNT, e.count());
    }
}
