package io.carecache.node.internal.semantic;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheSettings;
import io.carecache.FreePorts;
import io.carecache.SemanticIndex;
import io.carecache.node.CareCacheNode;
import io.carecache.node.NodeSettings;
import io.carecache.node.SemanticSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster postings ({@code <map>-postings}) on a real two-member cluster over a MongoDB
 * wire-protocol server: where indexing puts a question, what a search returns, removal, re-indexing,
 * clustering generations, the rebuild after a whole-cluster restart, backups and concurrent appends.
 * Vectors come with the requests (the model is not the point); each test has a fingerprint of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SemanticPostingsTest {
    private static final int DIMS = 32;
    private static final String MAP = "responses";
    private static final SemanticSettings SEMANTIC = SemanticSettings.DEFAULTS.withClusteringMinEntries(100_000_000)
            .withMaxClusters(2);

    private final Embedder embedder = new Embedder() {
        @Override
        public String modelId() {
            return "test-32";
        }

        @Override
        public int dimensions() {
            return DIMS;
        }

        @Override
        public float[] embed(String text) {
            return vector(new Random(text.hashCode()));
        }
    };
    private final Random random = new Random(5);
    private final List<Integer> ports = new ArrayList<>();
    private final List<CareCacheNode> nodes = new ArrayList<>();
    private MongoServer mongo;
    private NodeSettings settings;

    @BeforeAll
    void startCluster() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        ports.add(FreePorts.next());
        ports.add(FreePorts.next());
        settings = NodeSettings.builder()
                .cache(CacheSettings.builder().compression(false, 6).build())
                .clusterName("postings-" + UUID.randomUUID())
                .members(ports.stream().map(p -> "127.0.0.1:" + p).toList())
                .mongoUri(Optional.of("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort()))
                .mongoDatabase("postings")
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH)
                .healthPort(0)
                .semantic(SEMANTIC)
                .build();
        start();
    }

    @AfterAll
    void stopCluster() {
        stop();
        mongo.shutdownNow();
    }

    @Test
    @Order(1)
    void search_afterIndexing_findsEntryInItsClusterBucket() {
        String fp = "fp-search";
        float[] center = fillTwoBlobs(fp);
        runClustering();
        float[] v = near(center);

        index(0).add(indexed("k-new", fp, "shared", "", v));

        IndexedQuestion q = indexMap().get("k-new");
        assertThat(q.generation()).isPositive();
        assertThat(keysIn(postings().get(q.route("k-new")))).contains("k-new");
        List<SemanticIndex.Candidate> hits = index(1).nearest(probe(fp, "shared", "", v));
        assertThat(hits).first().satisfies(c -> {
            assertThat(c.cacheKey()).isEqualTo("k-new");
            assertThat(c.viaCluster()).isTrue();
            assertThat(c.sealedQuestion()).isEqualTo(sealedOf("k-new"));
        });
    }

    @Test
    @Order(2)
    void search_entryOfOtherSubject_notReturned() {
        String fp = "fp-subject";
        float[] v = vector(random);
        index(0).add(indexed("k-a", fp, "subject", "subject-a", v));

        assertThat(index(1).nearest(probe(fp, "subject", "subject-b", v))).isEmpty();
        assertThat(index(1).nearest(probe(fp, "shared", "", v))).isEmpty();
        assertThat(index(1).nearest(probe(fp, "subject", "subject-a", v))).extracting(SemanticIndex.Candidate::cacheKey)
                .containsExactly("k-a");
    }

    @Test
    @Order(3)
    void remove_fromThinClient_dropsFromBucket() {
        String fp = "fp-remove";
        float[] v = vector(random);
        index(0).add(indexed("k-gone", fp, "shared", "", v));
        String route = indexMap().get("k-gone").route("k-gone");
        HazelcastInstance client = client();
        try {
            new GridSemanticIndex(client, MAP).remove("k-gone");
        } finally {
            client.shutdown();
        }

        assertThat(keysIn(postings().get(route))).doesNotContain("k-gone");
        assertThat(index(1).nearest(probe(fp, "shared", "", v))).isEmpty();
    }

    @Test
    @Order(4)
    void replaceSealed_unchangedQuestion_searchAnswersWithTheResealedCopy() {
        String fp = "fp-reseal";
        float[] v = vector(random);
        index(0).add(indexed("k-reseal", fp, "shared", "", v));
        byte[] resealed = "sealed again".getBytes(StandardCharsets.UTF_8);

        boolean replaced = index(1).replaceSealed("k-reseal", sealedOf("k-reseal"), resealed);

        assertThat(replaced).isTrue();
        assertThat(indexMap().get("k-reseal").sealedQuestion()).isEqualTo(resealed);
        assertThat(index(0).nearest(probe(fp, "shared", "", v))).singleElement()
                .satisfies(c -> assertThat(c.sealedQuestion()).isEqualTo(resealed));
    }

    @Test
    @Order(5)
    void replaceSealed_questionSealedDifferentlySince_bothCopiesKeptAsTheyAre() {
        String fp = "fp-reseal-stale";
        float[] v = vector(random);
        index(0).add(indexed("k-stale", fp, "shared", "", v));

        boolean replaced = index(1).replaceSealed("k-stale", "what was read before".getBytes(StandardCharsets.UTF_8),
                "sealed again".getBytes(StandardCharsets.UTF_8));

        assertThat(replaced).isFalse();
        assertThat(indexMap().get("k-stale").sealedQuestion()).isEqualTo(sealedOf("k-stale"));
        assertThat(index(0).nearest(probe(fp, "shared", "", v))).singleElement()
                .satisfies(c -> assertThat(c.sealedQuestion()).isEqualTo(sealedOf("k-stale")));
    }

    @Test
    @Order(6)
    void prune_questionRemovedAfterASnapshotWasRead_leavesEveryBucket() {
        String fp = "fp-prune";
        float[] v = vector(random);
        index(0).add(indexed("k-ghost", fp, "shared", "", v));
        IndexedQuestion snapshot = indexMap().get("k-ghost");
        long jobStart = System.currentTimeMillis();
        index(1).remove("k-ghost");
        // As a job writes the bucket it built from a snapshot read before the removal.
        postings().executeOnKey(snapshot.route("k-ghost"), SemanticTasks.append("k-ghost", snapshot, System.currentTimeMillis()));

        Set<String> pruned = RemovedQuestions.prune(member(0), MAP, jobStart);

        assertThat(pruned).contains("k-ghost");
        assertThat(copiesOf("k-ghost")).isZero();
        assertThat(index(0).nearest(probe(fp, "shared", "", v))).isEmpty();
    }

    @Test
    @Order(6)
    void prune_questionIndexedAgainAfterItsRemoval_keepsIt() {
        String fp = "fp-prune-back";
        float[] v = vector(random);
        index(0).add(indexed("k-back", fp, "shared", "", v));
        long jobStart = System.currentTimeMillis();
        index(1).remove("k-back");
        index(0).add(indexed("k-back", fp, "shared", "", v));

        Set<String> pruned = RemovedQuestions.prune(member(0), MAP, jobStart);

        assertThat(pruned).doesNotContain("k-back");
        assertThat(index(0).nearest(probe(fp, "shared", "", v))).extracting(SemanticIndex.Candidate::cacheKey)
                .containsExactly("k-back");
    }

    @Test
    @Order(6)
    void reindex_sameKeyNewCluster_leavesOneCopy() {
        String fp = "fp-reindex";
        float[] center = fillTwoBlobs(fp);
        runClustering();
        index(0).add(indexed("k-moving", fp, "shared", "", near(center)));
        String before = indexMap().get("k-moving").route("k-moving");

        index(1).add(indexed("k-moving", fp, "shared", "", negated(center)));

        String after = indexMap().get("k-moving").route("k-moving");
        assertThat(after).isNotEqualTo(before);
        assertThat(copiesOf("k-moving")).isEqualTo(1);
        assertThat(keysIn(postings().get(after))).contains("k-moving");
    }

    @Test
    @Order(7)
    void clusteringRun_newGeneration_oldBucketsDeleted() {
        String fp = "fp-generations";
        fillTwoBlobs(fp);
        runClustering();
        String group = CentroidSet.group(fp, embedder.modelId());
        long first = generationsOf(group).iterator().next();

        runClustering();

        Set<Long> now = generationsOf(group);
        assertThat(now).hasSize(1);
        assertThat(now.iterator().next()).isGreaterThan(first);
    }

    @Test
    @Order(8)
    void clusteringRun_questionRemovedWhileItRan_isPrunedFromTheNewBuckets() throws Exception {
        String fp = "fp-removed-during-run";
        fillTwoBlobs(fp);
        String group = CentroidSet.group(fp, embedder.modelId());
        String removed = fp + "-0";
        // The run's placement of this question in the index waits for the lock: the run is held
        // open after writing its buckets, and the removal lands in between.
        indexMap().lock(removed);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> run = runner.submit(this::runClustering);
            await().atMost(Duration.ofSeconds(60)).until(() -> generationsOf(group).size() == 2 && copiesOf(removed) == 2);
            assertThat(run.isDone()).isFalse();
            SemanticTasks.Unindex unindex = new SemanticTasks.Unindex(MAP, removed);
            unindex.setHazelcastInstance(member(0));
            unindex.call(); // on this thread: the lock's owner
            indexMap().unlock(removed);

            run.get(60, TimeUnit.SECONDS);
        } finally {
            indexMap().forceUnlock(removed);
            runner.shutdownNow();
        }

        assertThat(generationsOf(group)).hasSize(1);
        assertThat(copiesOf(removed)).isZero();
    }

    @Test
    @Order(8)
    void clusteringRun_entryIndexedDuringRun_isSweptIntoNewGeneration() {
        String fp = "fp-sweep";
        float[] center = fillTwoBlobs(fp);
        runClustering();
        String group = CentroidSet.group(fp, embedder.modelId());
        CentroidSet current = member(0).<String, CentroidSet>getMap(GridSemanticIndex.centroidMapName(MAP)).get(group);
        // As an indexing task that routed by no centroids before the run published: generation 0,
        // unclustered bucket, written after the job read the index.
        IndexedQuestion late = new IndexedQuestion(fp, "shared", "", embedder.modelId(), near(center), new byte[8], -1,
                System.currentTimeMillis() + 600_000);
        postings().executeOnKey(late.route("k-late"), SemanticTasks.append("k-late", late, System.currentTimeMillis()));
        indexMap().set("k-late", late, 600, TimeUnit.SECONDS);

        ClusteringJob.sweep(member(0), MAP, Map.of(group, current));

        IndexedQuestion swept = indexMap().get("k-late");
        assertThat(swept.generation()).isEqualTo(current.generation());
        assertThat(keysIn(postings().get(swept.route("k-late")))).contains("k-late");
        assertThat(copiesOf("k-late")).isEqualTo(1);
    }

    @Test
    @Order(9)
    void append_concurrentFromThreads_eachKeyOnceInBucket() throws Exception {
        String route = IndexedQuestion.route(CentroidSet.group("fp-concurrent", embedder.modelId()), 1, 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                HazelcastInstance via = member(t % 2);
                done.add(threads.submit(() -> {
                    for (int k = 0; k < 150; k++) {
                        via.<String, Postings>getMap(GridSemanticIndex.postingsMapName(MAP)).executeOnKey(route,
                                new PostingsProcessors.Append("k-" + k, vector(new Random(k)), "shared", "",
                                        sealedOf("k-" + k), System.currentTimeMillis() + 600_000, System.currentTimeMillis()));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<String> keys = keysIn(postings().get(route));
        assertThat(keys).hasSize(150).doesNotHaveDuplicates();
    }

    @Test
    @Order(10)
    void restart_wholeCluster_rebuildsPostingsAndHits() {
        String fp = "fp-restart";
        float[] center = fillTwoBlobs(fp);
        runClustering();
        float[] v = near(center);
        index(0).add(indexed("k-durable", fp, "shared", "", v));
        String route = indexMap().get("k-durable").route("k-durable");

        stop();
        start();

        assertThat(keysIn(postings().get(route))).contains("k-durable");
        assertThat(index(1).nearest(probe(fp, "shared", "", v))).first().satisfies(c -> {
            assertThat(c.cacheKey()).isEqualTo("k-durable");
            assertThat(c.viaCluster()).isTrue();
            assertThat(c.sealedQuestion()).isEqualTo(sealedOf("k-durable"));
        });
    }

    @Test
    @Order(11)
    void append_onPrimary_backupHasSameBucket() {
        String fp = "fp-backup";
        // Settled first (after the restart, partitions may still be moving): a backup replica that
        // migration is still filling would make this test about migration, not the backup processor.
        await().atMost(Duration.ofSeconds(60)).until(() -> member(0).getPartitionService().isClusterSafe());
        fillTwoBlobs(fp);
        String route = indexMap().get(fp + "-0").route(fp + "-0");
        List<String> before = keysIn(postings().get(route));
        Member owner = member(0).getPartitionService().getPartition(route).getOwner();
        int ownerIndex = owner.localMember() ? 0 : 1;

        member(ownerIndex).getLifecycleService().terminate();

        HazelcastInstance survivor = member(1 - ownerIndex);
        await().atMost(Duration.ofSeconds(30)).until(() -> survivor.getCluster().getMembers().size() == 1);
        List<String> after = keysIn(survivor.<String, Postings>getMap(GridSemanticIndex.postingsMapName(MAP)).get(route));
        assertThat(before).isNotEmpty();
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
    }

    // Two well-separated blobs of 20 questions each (keys fp-0 .. fp-39); returns the first blob's center.
    private float[] fillTwoBlobs(String fp) {
        float[] a = vector(random);
        float[] b = negated(a);
        for (int i = 0; i < 40; i++) {
            index(i % 2).add(indexed(fp + "-" + i, fp, "shared", "", near(i < 20 ? a : b)));
        }
        return a;
    }

    private void runClustering() {
        SemanticMaintenance.runNow(member(0), MAP, SEMANTIC);
    }

    private Set<Long> generationsOf(String group) {
        Set<Long> out = new HashSet<>();
        for (String route : postings().keySet()) {
            if (IndexedQuestion.groupOf(route).equals(group)) {
                out.add(IndexedQuestion.generationOf(route));
            }
        }
        return out;
    }

    private int copiesOf(String key) {
        int n = 0;
        for (Postings p : postings().values()) {
            for (String k : keysIn(p)) {
                if (k.equals(key)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<String> keysIn(Postings p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; p != null && i < p.size(); i++) {
            out.add(p.key(i));
        }
        return out;
    }

    private SemanticIndex.Indexed indexed(String key, String fp, String scope, String subject, float[] v) {
        return new SemanticIndex.Indexed(key, fp, scope, subject, "q " + key, Optional.of(v), sealedOf(key),
                System.currentTimeMillis() + 600_000);
    }

    // Stands in for the SDK's sealing: distinct per key, so a test sees which copy a search returned.
    private static byte[] sealedOf(String key) {
        return ("sealed " + key).getBytes(StandardCharsets.UTF_8);
    }

    private static SemanticIndex.Probe probe(String fp, String scope, String subject, float[] v) {
        return new SemanticIndex.Probe("p", Optional.of(v), fp, scope, subject, 3, 0.9);
    }

    private GridSemanticIndex index(int i) {
        return new GridSemanticIndex(member(i), MAP);
    }

    private IMap<String, IndexedQuestion> indexMap() {
        return member(0).getMap(GridSemanticIndex.indexMapName(MAP));
    }

    private IMap<String, Postings> postings() {
        return member(0).getMap(GridSemanticIndex.postingsMapName(MAP));
    }

    private HazelcastInstance member(int i) {
        return nodes.get(i).hazelcast();
    }

    private HazelcastInstance client() {
        ClientConfig config = new ClientConfig().setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        ports.forEach(p -> config.getNetworkConfig().addAddress("127.0.0.1:" + p));
        return HazelcastClient.newHazelcastClient(config);
    }

    private void start() {
        for (int port : ports) {
            NodeSettings s = settings.toBuilder().port(port).build();
            Config config = CareCacheNode.memberConfig(s);
            GridSemanticIndex.configureMember(config, MAP, embedder, SEMANTIC);
            nodes.add(CareCacheNode.start(s, config));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> member(0).getCluster().getMembers().size() == ports.size());
    }

    // All at once, as a whole-cluster restart does (one at a time, each leave migrates to a member about to leave).
    private void stop() {
        List<Thread> stopping = nodes.stream().map(n -> new Thread(n::close, "stop-member")).toList();
        stopping.forEach(Thread::start);
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nodes.clear();
    }

    private float[] near(float[] center) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) (center[i] + random.nextGaussian() * 0.02);
        }
        return Embedder.normalize(v);
    }

    private static float[] negated(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Embedder.normalize(v);
    }
}
