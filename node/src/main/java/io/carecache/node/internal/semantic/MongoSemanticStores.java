package io.carecache.node.internal.semantic;

import com.hazelcast.map.EntryLoader.MetadataAwareValue;
import com.hazelcast.map.EntryStore;
import com.hazelcast.map.MapStore;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * L3 for the semantic index and its centroids, in the entries' MongoDB database, so a whole-cluster
 * restart gets both back: collection {@value #INDEX_COLLECTION} (vector, cluster, isolation
 * attributes and the question sealed by the SDK: ciphertext only, like the answers),
 * {@value #CENTROID_COLLECTION} and {@value #HOT_COLLECTION} (cluster request rates, for start-up
 * warming).
 */
final class MongoSemanticStores {
    static final String INDEX_COLLECTION = "semantic_index";
    static final String CENTROID_COLLECTION = "semantic_centroids";
    static final String HOT_COLLECTION = "semantic_hot_clusters";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private MongoSemanticStores() {
    }

    static IndexStore indexStore(MongoDatabase database) {
        MongoCollection<Document> c = database.getCollection(INDEX_COLLECTION);
        try {
            c.createIndexes(List.of(new IndexModel(Indexes.ascending("expires_at"),
                    new IndexOptions().name("expires_at_ttl").expireAfter(0L, TimeUnit.SECONDS))));
        } catch (RuntimeException e) {
            // MongoDB down at start: the TTL index only tidies; the loader skips expired documents itself.
        }
        return new IndexStore(c);
    }

    static HotStore hotStore(MongoDatabase database) {
        return new HotStore(database.getCollection(HOT_COLLECTION));
    }

    static CentroidStore centroidStore(MongoDatabase database) {
        return new CentroidStore(database.getCollection(CENTROID_COLLECTION));
    }

    /**
     * A map store over one collection, one document per entry keyed by {@code _id}: the three
     * semantic maps differ only in how a value becomes a document and back, and in which stored
     * keys count at start-up.
     */
    abstract static class DocumentStore<V> implements MapStore<String, V> {
        private final MongoCollection<Document> collection;

        DocumentStore(MongoCollection<Document> collection) {
            this.collection = collection;
        }

        /** The value a document holds, or {@code null} when it must not be loaded. */
        abstract V read(Document d);

        abstract Document write(String key, V value);

        /** Which documents {@link #loadAllKeys()} lists. */
        Bson loadable() {
            return new Document();
        }

        @Override
        public V load(String key) {
            Document d = collection.find(Filters.eq("_id", key)).first();
            return d == null ? null : read(d);
        }

        @Override
        public Map<String, V> loadAll(Collection<String> keys) {
            Map<String, V> out = new HashMap<>();
            for (Document d : collection.find(Filters.in("_id", keys))) {
                V v = read(d);
                if (v != null) {
                    out.put(d.getString("_id"), v);
                }
            }
            return out;
        }

        @Override
        public Iterable<String> loadAllKeys() {
            List<String> keys = new ArrayList<>();
            for (Document d : collection.find(loadable()).projection(Projections.include("_id"))) {
                keys.add(d.getString("_id"));
            }
            return keys;
        }

        @Override
        public void store(String key, V value) {
            collection.replaceOne(Filters.eq("_id", key), write(key, value), UPSERT);
        }

        @Override
        public void storeAll(Map<String, V> entries) {
            List<WriteModel<Document>> writes = new ArrayList<>(entries.size());
            entries.forEach((k, v) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", k), write(k, v), UPSERT)));
            if (!writes.isEmpty()) {
                collection.bulkWrite(writes, UNORDERED);
            }
        }

        @Override
        public void delete(String key) {
            collection.deleteOne(Filters.eq("_id", key));
        }

        @Override
        public void deleteAll(Collection<String> keys) {
            collection.deleteMany(Filters.in("_id", keys));
        }
    }

    /** The index map's store: entries come back with their expiry. */
    static final class IndexStore extends DocumentStore<MetadataAwareValue<IndexedQuestion>>
            implements EntryStore<String, IndexedQuestion> {
        IndexStore(MongoCollection<Document> collection) {
            super(collection);
        }

        @Override
        Bson loadable() {
            return Filters.gt("expires_at", new Date());
        }

        @Override
        MetadataAwareValue<IndexedQuestion> read(Document d) {
            long expires = d.getDate("expires_at").getTime();
            if (expires <= System.currentTimeMillis()) {
                return null; // a TTL monitor runs late: an expired question is never loaded
            }
            IndexedQuestion q = new IndexedQuestion(d.getString("fingerprint"), d.getString("scope"),
                    d.getString("subject"), d.getString("model"), floats(d.get("vector", Binary.class).getData()),
                    d.get("sealed_question", Binary.class).getData(), d.getInteger("cluster", -1), expires,
                    longOr(d, "generation", 0L));
            return new MetadataAwareValue<>(q, expires);
        }

        @Override
        Document write(String key, MetadataAwareValue<IndexedQuestion> value) {
            IndexedQuestion q = value.getValue();
            return new Document("_id", key)
                    .append("fingerprint", q.fingerprint())
                    .append("scope", q.scope())
                    .append("subject", q.subjectHash())
                    .append("model", q.modelId())
                    .append("vector", new Binary(bytes(q.vector())))
                    .append("sealed_question", new Binary(q.sealedQuestion()))
                    .append("cluster", q.cluster())
                    .append("generation", q.generation())
                    .append("expires_at", new Date(q.expiresAtMillis()));
        }
    }

    /** The centroid map's store. */
    static final class CentroidStore extends DocumentStore<CentroidSet> {
        CentroidStore(MongoCollection<Document> collection) {
            super(collection);
        }

        @Override
        CentroidSet read(Document d) {
            int k = d.getInteger("k");
            int dims = d.getInteger("dimensions");
            float[] flat = floats(d.get("centroids", Binary.class).getData());
            float[][] c = new float[k][];
            for (int j = 0; j < k; j++) {
                c[j] = java.util.Arrays.copyOfRange(flat, j * dims, (j + 1) * dims);
            }
            long built = d.getDate("built_at").getTime();
            return new CentroidSet(d.getString("fingerprint"), d.getString("model"), c, d.getInteger("entries"), built,
                    longOr(d, "generation", built));
        }

        @Override
        Document write(String key, CentroidSet s) {
            int dims = s.centroids().length == 0 ? 0 : s.centroids()[0].length;
            float[] flat = new float[s.centroids().length * dims];
            for (int j = 0; j < s.centroids().length; j++) {
                System.arraycopy(s.centroids()[j], 0, flat, j * dims, dims);
            }
            return new Document("_id", key)
                    .append("fingerprint", s.fingerprint())
                    .append("model", s.modelId())
                    .append("k", s.centroids().length)
                    .append("dimensions", dims)
                    .append("centroids", new Binary(bytes(flat)))
                    .append("entries", s.entries())
                    .append("built_at", new Date(s.builtAtMillis()))
                    .append("generation", s.generation());
        }
    }

    /** The hot-cluster map's store: what was in demand survives a restart, for start-up warming. */
    static final class HotStore extends DocumentStore<HotClusters.Hot> {
        HotStore(MongoCollection<Document> collection) {
            super(collection);
        }

        @Override
        HotClusters.Hot read(Document d) {
            return new HotClusters.Hot(d.getString("group"), longOr(d, "generation", 0L), d.getInteger("cluster"),
                    d.getDouble("reads_per_second"), d.getDate("window_end").getTime());
        }

        @Override
        Document write(String key, HotClusters.Hot h) {
            return new Document("_id", key).append("group", h.group())
                    .append("generation", h.generation())
                    .append("cluster", h.cluster()).append("reads_per_second", h.readsPerSecond())
                    .append("window_end", new Date(h.windowEndMillis()));
        }
    }

    // Documents written before generations existed have none.
    private static long longOr(Document d, String field, long fallback) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
