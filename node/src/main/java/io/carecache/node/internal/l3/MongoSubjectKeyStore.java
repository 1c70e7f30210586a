package io.carecache.node.internal.l3;

import com.hazelcast.map.MapStore;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.carecache.internal.grid.WrappedSubjectKey;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The MapStore of the subject-key map, backed by the MongoDB collection {@value #COLLECTION}:
 * one document per subject holding its data key wrapped by the applications' key ring (members
 * cannot unwrap it). Write-through, so a key is durable before an entry is sealed under it, and a
 * deleted key is gone from MongoDB when {@code forgetSubject} returns.
 */
public final class MongoSubjectKeyStore implements MapStore<String, WrappedSubjectKey> {
    /** The collection holding the wrapped subject keys. */
    public static final String COLLECTION = "subject_keys";
    static final String WRAPPING_KEY_ID = "wrapping_key_id";
    static final String NONCE = "nonce";
    static final String WRAPPED = "wrapped_key";
    static final String CREATED_AT = "created_at";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> collection;

    public MongoSubjectKeyStore(MongoCollection<Document> collection) {
        this.collection = Objects.requireNonNull(collection, "collection");
    }

    @Override
    public void store(String subjectHash, WrappedSubjectKey key) {
        collection.replaceOne(Filters.eq("_id", subjectHash), toDocument(key), UPSERT);
    }

    @Override
    public void storeAll(Map<String, WrappedSubjectKey> keys) {
        keys.forEach(this::store);
    }

    @Override
    public void delete(String subjectHash) {
        collection.deleteOne(Filters.eq("_id", subjectHash));
    }

    @Override
    public void deleteAll(Collection<String> subjectHashes) {
        if (!subjectHashes.isEmpty()) {
            collection.deleteMany(Filters.in("_id", subjectHashes));
        }
    }

    @Override
    public WrappedSubjectKey load(String subjectHash) {
        Document doc = collection.find(Filters.eq("_id", subjectHash)).first();
        return doc == null ? null : toKey(doc);
    }

    @Override
    public Map<String, WrappedSubjectKey> loadAll(Collection<String> subjectHashes) {
        Map<String, WrappedSubjectKey> out = new HashMap<>();
        for (Document doc : collection.find(Filters.in("_id", subjectHashes))) {
            WrappedSubjectKey key = toKey(doc);
            out.put(key.subjectHash(), key);
        }
        return out;
    }

    /** Lazy: keys are loaded when a subject's entry is read. */
    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }

    static Document toDocument(WrappedSubjectKey key) {
        return new Document("_id", key.subjectHash())
                .append(WRAPPING_KEY_ID, key.wrappingKeyId())
                .append(NONCE, new Binary(key.nonce()))
                .append(WRAPPED, new Binary(key.wrapped()))
                .append(CREATED_AT, new Date(key.createdAtMillis()));
    }

    static WrappedSubjectKey toKey(Document doc) {
        return new WrappedSubjectKey(doc.getString("_id"), doc.getString(WRAPPING_KEY_ID),
                doc.get(NONCE, Binary.class).getData(), doc.get(WRAPPED, Binary.class).getData(),
                doc.getDate(CREATED_AT).getTime());
    }
}
