package io.carecache.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.node.CareCacheNode;
import io.carecache.node.NodeSettings;
import io.carecache.node.internal.l3.EmbeddedMongo;
import io.carecache.node.internal.l3.MongoEntryStore;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An L3 read-through (thin client lookup; the member's MapStore loads the document from MongoDB,
 * the SDK decrypts it) against a direct MongoDB {@code find} by {@code _id} of the same document
 * on the same server: the embedded mongo-java-server a development member runs in process. Before
 * each read-through the entry is evicted from L2 (outside the measured time), so every measured
 * lookup goes to L3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A read-through runs ~1,000 times a second (an eviction before each): 3 s of warm-up left the
// driver, the embedded store and Hazelcast's offload path interpreted, and the first measured
// iterations read 5-20 ms at p50 falling to ~1 ms by the fifth. 20 s reaches steady state.
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=none",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class L3ReadBenchmark {
    private static final CareContext CONTEXT = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes").build();

    @Param({"2048", "10240"})
    int answerBytes;

    private Path dataDir;
    private EmbeddedMongo mongo;
    private CareCacheNode member;
    private HazelcastInstance client;
    private CareCache cache;
    private IMap<String, Object> memberMap;
    private MongoClient mongoClient;
    private MongoCollection<Document> documents;
    private CacheRequest request;
    private String key;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dataDir = Files.createTempDirectory("carecache-l3-bench");
        mongo = EmbeddedMongo.start(dataDir);
        NodeSettings settings = NodeSettings.builder().clusterName("bench-l3-" + UUID.randomUUID()).port(5851)
                .members(List.of("127.0.0.1:5851")).mongoUri(Optional.of(mongo.connectionString()))
                .embeddedDataDirectory(dataDir).writeMode(NodeSettings.WriteMode.WRITE_THROUGH).build();
        member = CareCacheNode.start(settings);
        ClientConfig config = new ClientConfig().setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().addAddress("127.0.0.1:" + member.hazelcast().getCluster().getLocalMember().getAddress().getPort());
        config = CareCacheGrid.configureClient(config, settings.cache(), Optional.empty());
        config.getNearCacheConfigMap().clear();
        client = HazelcastClient.newHazelcastClient(config);
        cache = CareCache.builder(client).keyRing(KeyRing.generate("bench")).settings(settings.cache()).build();
        request = CacheRequest.shared("I'm feeling anxious about my diabetes", CONTEXT);
        cache.store(request, Answers.ofBytes(answerBytes, 42));
        memberMap = member.hazelcast().getMap(settings.cache().mapName());
        key = memberMap.keySet().iterator().next();
        mongoClient = MongoClients.create(mongo.connectionString());
        documents = mongoClient.getDatabase(settings.mongoDatabase()).getCollection(MongoEntryStore.COLLECTION);
        if (documents.find(Filters.eq("_id", key)).first() == null) {
            throw new IllegalStateException("benchmark setup: the entry did not reach MongoDB");
        }
        memberMap.evict(key);
        LookupResult first = cache.lookup(request);
        if (first.tier() != Tier.L3) {
            throw new IllegalStateException("benchmark setup expected L3 but got " + first.tier());
        }
    }

    /** Outside the measured time: drop the entry from L2 so the next lookup reads through to L3. */
    @Setup(Level.Invocation)
    public void evictFromL2() {
        memberMap.evict(key);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        mongoClient.close();
        client.shutdown();
        member.close();
        mongo.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            // best effort: a temp directory
        }
    }

    /** CareCache lookup answered by L3: client → member → MapStore → MongoDB, then decrypt, inflate, JSON. */
    @Benchmark
    public LookupResult l3ReadThrough() {
        return cache.lookup(request);
    }

    /** The floor: the MongoDB driver's find by {@code _id} of the same document on the same server. */
    @Benchmark
    public Document mongoFindById() {
        return documents.find(Filters.eq("_id", key)).first();
    }
}
