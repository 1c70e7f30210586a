package io.carecache.node.internal.semantic;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.carecache.node.SemanticSettings;
import org.bson.Document;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.query.Predicates;
import io.carecache.SemanticIndex;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The semantic index on the grid, an inverted-file (IVF) index: {@code <map>-semantic} holds each
 * answer's {@link IndexedQuestion} (the source of truth, persisted), {@code <map>-postings} holds
 * each cluster's questions together in one {@link Postings} entry (derived, in memory only), and a
 * lookup scores its nearest clusters' buckets with an entry processor on the members that own
 * them. Embedding is done on the members (their {@link Embedder}). Works from a member or a thin client.
 */
public final class GridSemanticIndex implements SemanticIndex {
    static final String EXECUTOR = "carecache-semantic";
    /** How long a caller waits for the semantic index; past it, the lookup answers from the exact tiers. */
    static final Duration DEADLINE = Duration.ofSeconds(5);

    private final HazelcastInstance hazelcast;
    private final String answerMapName;
    private volatile int dimensions;

    public GridSemanticIndex(HazelcastInstance hazelcast, String answerMapName) {
        this.hazelcast = hazelcast;
        this.answerMapName = answerMapName;
    }

    /** The index map's name beside the answer map. */
    public static String indexMapName(String answerMapName) {
        return answerMapName + "-semantic";
    }

    /** The centroid map's name beside the answer map. */
    public static String centroidMapName(String answerMapName) {
        return answerMapName + "-centroids";
    }

    /** The postings map's name beside the answer map: one entry per cluster bucket. */
    public static String postingsMapName(String answerMapName) {
        return answerMapName + "-postings";
    }

    /** Adds the index map and the member's embedder to a member configuration (default semantic settings). */
    public static void configureMember(Config config, String answerMapName, Embedder embedder) {
        configureMember(config, answerMapName, embedder, SemanticSettings.DEFAULTS);
    }

    /**
     * Adds the index and centroid maps, the member's embedder and the lookup settings to a member
     * configuration, and enables Jet (the clustering job runs on it).
     */
    public static void configureMember(Config config, String answerMapName, Embedder embedder, SemanticSettings settings) {
        // Lookups never query the index: no attribute indexes to maintain.
        config.addMapConfig(new MapConfig(indexMapName(answerMapName)).setBackupCount(1));
        // OBJECT and no indexes: the processors work on the stored bucket itself (no copy, no
        // deserialization per lookup). No MapStore: the buckets are rebuilt from the index.
        config.addMapConfig(new MapConfig(postingsMapName(answerMapName)).setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.OBJECT));
        // Every lookup reads its group's centroids from the member's CentroidCache, not a near cache.
        config.addMapConfig(new MapConfig(centroidMapName(answerMapName)).setBackupCount(1));
        SemanticSerialization.register(config.getSerializationConfig());
        config.getUserContext().putIfAbsent(CentroidCache.KEY, new CentroidCache());
        RemovedQuestions.configure(config, answerMapName);
        HotClusters.configure(config, answerMapName);
        config.getJetConfig().setEnabled(true);
        config.getUserContext().put(SemanticTasks.EMBEDDER, embedder);
        config.getUserContext().put(SemanticTasks.SETTINGS, settings);
    }

    /**
     * Persists the index and centroid maps in {@code database} (collections {@code semantic_index}
     * and {@code semantic_centroids}) and lets the clustering job write each answer's cluster to
     * {@code entries} ({@code metadata.semantic_cluster}). The index is written behind; both load
     * eagerly, so a restarted cluster has its index and centroids back before the first lookup.
     */
    public static void configureStores(Config config, String answerMapName, MongoDatabase database,
                                       MongoCollection<Document> entries) {
        config.getMapConfig(indexMapName(answerMapName)).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER)
                .setWriteDelaySeconds(1).setWriteBatchSize(500).setWriteCoalescing(true)
                .setImplementation(MongoSemanticStores.indexStore(database)));
        config.getMapConfig(centroidMapName(answerMapName)).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER).setWriteDelaySeconds(0)
                .setImplementation(MongoSemanticStores.centroidStore(database)));
        HotClusters.configureStore(config, answerMapName, database);
        config.getUserContext().put(ClusteringJob.L3_COLLECTION, entries);
    }

    /** Writes the index's queued writes to MongoDB (before a graceful shutdown). */
    public static void flush(HazelcastInstance member, String answerMapName) {
        member.getMap(indexMapName(answerMapName)).flush();
    }

    /**
     * Rebuilds the postings from the index when they are empty and the index is not (a whole-cluster
     * restart: the index comes back from MongoDB, the postings are in memory only).
     *
     * @return the size of the index the buckets were built from, 0 if nothing was to do
     */
    public static int rebuildPostingsIfEmpty(HazelcastInstance member, String answerMapName) {
        if (!member.getMap(postingsMapName(answerMapName)).isEmpty() || member.getMap(indexMapName(answerMapName)).isEmpty()) {
            return 0;
        }
        return PostingsRebuild.run(member, answerMapName);
    }

    @Override
    public void add(Indexed e) {
        await(executor().submitToKeyOwner(new SemanticTasks.Index(answerMapName, e.cacheKey(), e.question(), e.vector(),
                e.fingerprint(), e.scope(), e.subjectHash(), e.sealedQuestion(), e.expiresAtMillis()), e.cacheKey()));
    }

    @Override
    public List<Candidate> nearest(Probe p) {
        SemanticTasks.Search search = new SemanticTasks.Search(answerMapName, p.question(), p.vector(),
                p.fingerprint(), p.scope(), p.subjectHash(), p.limit(), p.minSimilarity());
        List<Hit> hits = searchesHere() ? searchHere(search) : await(executor().submit(search));
        return hits.stream().map(h -> new Candidate(h.cacheKey(), h.similarity(), h.sealedQuestion(), h.viaCluster())).toList();
    }

    // An embedded member with the embedding service searches on the caller's thread: the search only
    // routes and gathers (the scoring runs where the buckets live), so sending it to an executor
    // thread, maybe on another member, added a hand-off and a serialized copy of the vector.
    private boolean searchesHere() {
        return hazelcast.getLocalEndpoint() instanceof Member
                && hazelcast.getUserContext().get(SemanticTasks.EMBEDDER) instanceof Embedder;
    }

    private List<Hit> searchHere(SemanticTasks.Search search) {
        search.setHazelcastInstance(hazelcast);
        try {
            return search.call();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the semantic index failed: " + e, e);
        }
    }

    @Override
    public OptionalInt dimensions() {
        if (dimensions == 0) {
            // Asked once: every member runs the same model (a member with another would never match).
            dimensions = await(executor().submit(new SemanticTasks.Dimensions()));
        }
        return OptionalInt.of(dimensions);
    }

    @Override
    public Activity activity() {
        return new Activity(hazelcast.getPNCounter(SemanticMaintenance.CLUSTERS_CREATED).get(),
                hazelcast.getPNCounter(SemanticMaintenance.WARMED_ENTRIES).get());
    }

    @Override
    public void remove(String cacheKey) {
        // On the key's owner: the index's old value names the bucket to remove it from.
        await(executor().submitToKeyOwner(new SemanticTasks.Unindex(answerMapName, cacheKey), cacheKey));
    }

    @Override
    public void forgetSubject(String subjectHash) {
        // Through remove, one key at a time: whatever else indexes a question goes with it.
        hazelcast.<String, IndexedQuestion>getMap(indexMapName(answerMapName))
                .keySet(Predicates.equal("subjectHash", subjectHash)).forEach(this::remove);
    }

    @Override
    public List<SealedQuestion> sealedUnderOtherKeys(String activeKeyId) {
        return hazelcast.<String, IndexedQuestion>getMap(indexMapName(answerMapName))
                .project(new SealedQuestions.KeyAndSealed(), new SealedQuestions.UnderOtherKey(activeKeyId)).stream()
                .map(e -> new SealedQuestion(e.getKey(), e.getValue())).toList();
    }

    @Override
    public boolean replaceSealed(String cacheKey, byte[] expected, byte[] resealed) {
        String route = hazelcast.<String, IndexedQuestion>getMap(indexMapName(answerMapName))
                .executeOnKey(cacheKey, new SealedQuestions.Replace(expected, resealed));
        if (route == null || route.isEmpty()) {
            return false;
        }
        // The bucket's copy is what lookups read. A clustering run that copied the question before
        // this keeps the old sealing in its new bucket until the next run: openable while the ring
        // holds the old key, and a miss (never a wrong answer) once it does not.
        hazelcast.<String, Postings>getMap(postingsMapName(answerMapName))
                .executeOnKey(route, new PostingsProcessors.Reseal(cacheKey, expected, resealed));
        return true;
    }

    private IExecutorService executor() {
        return hazelcast.getExecutorService(EXECUTOR);
    }

    /** Waits for {@code f} at most {@link #DEADLINE}; failures and timeouts as an {@link IllegalStateException}. */
    static <T> T await(Future<T> f) {
        try {
            return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the semantic index", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the semantic index failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("the semantic index did not answer within " + DEADLINE, e);
        }
    }
}
