package io.carecache.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.WriteQueueFullException;
import io.carecache.node.internal.l3.MongoBreaker;
import io.carecache.node.internal.l3.MongoEntryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB stopped mid-run under two write-behind members and a thin client: L1/L2 keep serving,
 * writes stay queued and all reach MongoDB when it is back, the {@code mongodb} breaker opens and
 * closes, and a full write-behind queue rejects writes with a typed error.
 */
class MongoOutageTest {
    private static final CareContext CONTEXT = CareContext.builder("m", "p").careContext("cardiology").build();
    private static final KeyRing RING = KeyRing.generate("k1");

    // MongoServer.shutdownNow() closes its backend, and closing a MemoryBackend drops every database:
    // this one survives restarts, like a real server's data files.
    private final MemoryBackend backend = new MemoryBackend() {
        @Override
        public void close() {
        }
    };
    private final List<CareCacheNode> nodes = new ArrayList<>();
    private MongoServer mongo;
    private int mongoPort;
    private HazelcastInstance client;
    private CareCache cache;

    @AfterEach
    void stop() {
        // MongoDB comes back (same data) so the members' last flush can finish before they leave.
        startMongo();
        if (client != null) {
            client.shutdown();
        }
        nodes.forEach(CareCacheNode::close);
        mongo.shutdownNow();
    }

    @Test
    void store_duringMongoOutage_everyWriteReachesMongoAfterItReturns() {
        startCluster(b -> b);
        List<CacheRequest> before = store("before", 10);
        awaitDocuments(before.size());

        mongo.shutdownNow();
        List<CacheRequest> during = store("during", 30);

        assertThat(during).hasSize(30); // every store during the outage was accepted
        startMongo();
        awaitDocuments(before.size() + during.size());
    }

    @Test
    void lookup_duringMongoOutage_l2AndL1KeepServing() {
        startCluster(b -> b);
        List<CacheRequest> before = store("before", 5);
        mongo.shutdownNow();
        List<CacheRequest> during = store("during", 5);

        for (CacheRequest request : concat(before, during)) {
            assertThat(cache.lookup(request).tier()).isIn(Tier.L1, Tier.L2);
            assertThat(cache.lookup(request).tier()).isEqualTo(Tier.L1);
        }
    }

    @Test
    void store_memberCrashesDuringMongoOutage_promotedBackupsWriteEverything() {
        startCluster(b -> b);
        mongo.shutdownNow();
        List<CacheRequest> during = store("during", 20);
        // The breakers open only after several failed attempts (> 12 s): by then Hazelcast's default
        // 10 s backup retention would have dropped these writes from the backups.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                nodes.forEach(n -> assertThat(n.circuitStates()).containsEntry(MongoBreaker.NAME, "OPEN")));

        nodes.get(1).hazelcast().getLifecycleService().terminate();
        startMongo();

        awaitDocuments(during.size());
    }

    @Test
    void mongoBreaker_outageThenRecovery_opensThenCloses() {
        startCluster(b -> b);
        CareCache embedded = nodes.get(0).cache(RING);
        assertThat(nodes.get(0).circuitStates()).containsEntry(MongoBreaker.NAME, "CLOSED");

        mongo.shutdownNow();
        store("during", 20); // write-behind attempts against the stopped server trip the breaker

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(nodes.get(0).circuitStates().get(MongoBreaker.NAME)).isIn("OPEN", "HALF_OPEN");
            assertThat(embedded.stats().protection().circuitStates().get(MongoBreaker.NAME)).isIn("OPEN", "HALF_OPEN");
        });
        // A thin client holds no member breaker: its stats show only its own circuits.
        assertThat(cache.stats().protection().circuitStates()).doesNotContainKey(MongoBreaker.NAME);

        startMongo();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                nodes.forEach(n -> assertThat(n.circuitStates()).containsEntry(MongoBreaker.NAME, "CLOSED")));
        awaitDocuments(20);
    }

    @Test
    void lookup_mongoBreakerOpen_degradedMissWithoutWaitingForMongo() {
        startCluster(b -> b);
        mongo.shutdownNow();
        store("during", 20); // failing write-behind attempts open both members' breakers
        CacheRequest neverStored = request("never stored", 0);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            nodes.forEach(n -> assertThat(n.circuitStates()).containsEntry(MongoBreaker.NAME, "OPEN"));
            long start = System.nanoTime();
            LookupResult result = cache.lookup(neverStored);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.tier()).isEqualTo(Tier.MISS);
            assertThat(result.degraded()).isTrue();
            // Far below the driver's 3 s server selection timeout a closed breaker would wait out.
            assertThat(took).isLessThan(Duration.ofMillis(1500));
        });
    }

    @Test
    void store_writeQueueFull_throwsTypedErrorAndLosesNothingAccepted() {
        // Hazelcast bounds the queue only without coalescing; 20 per member counts owners and backups.
        startCluster(b -> b.writeCoalescing(false).writeQueueCapacity(20));
        mongo.shutdownNow();

        List<CacheRequest> accepted = new ArrayList<>();
        WriteQueueFullException rejected = null;
        CacheRequest refused = null;
        for (int i = 0; i < 200 && rejected == null; i++) {
            CacheRequest request = request("queued", i);
            try {
                cache.store(request, answer(i));
                accepted.add(request);
            } catch (WriteQueueFullException e) {
                rejected = e;
                refused = request;
            }
        }

        assertThat(rejected).isNotNull();
        assertThat(rejected.getMessage()).contains(WriteQueueFullException.SETTING);
        // The capacity is per member and node-wide: two members queue at most twice as many writes.
        assertThat(accepted).isNotEmpty().hasSizeLessThanOrEqualTo(2 * 20);
        startMongo();
        awaitDocuments(accepted.size());
        assertThat(cache.lookup(refused).tier()).isEqualTo(Tier.MISS);
    }

    private void startCluster(UnaryOperator<NodeSettings.Builder> adjust) {
        startMongo();
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        List<String> members = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
        String clusterName = "outage-" + UUID.randomUUID();
        NodeSettings.Builder base = NodeSettings.builder().clusterName(clusterName).members(members)
                .mongoUri(Optional.of("mongodb://127.0.0.1:" + mongoPort))
                .writeMode(NodeSettings.WriteMode.WRITE_BEHIND).writeDelay(Duration.ofSeconds(1)).healthPort(0);
        nodes.add(CareCacheNode.start(adjust.apply(base.port(port1)).build()));
        nodes.add(CareCacheNode.start(adjust.apply(base.port(port2)).build()));
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        members.forEach(a -> config.getNetworkConfig().addAddress(a));
        CareCacheGrid.configureClient(config, nodes.get(0).settings().cache(), Optional.empty());
        client = HazelcastClient.newHazelcastClient(config);
        cache = CareCache.builder(client).keyRing(RING).settings(nodes.get(0).settings().cache()).build();
    }

    /** Starts MongoDB on its port (the first time on a free one), over the same data. */
    private void startMongo() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        mongo = new MongoServer(backend);
        if (mongoPort == 0) {
            mongo.bind("127.0.0.1", 0);
            mongoPort = mongo.getLocalAddress().getPort();
        } else {
            mongo.bind("127.0.0.1", mongoPort);
        }
    }

    private List<CacheRequest> store(String prefix, int count) {
        List<CacheRequest> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CacheRequest request = request(prefix, i);
            cache.store(request, answer(i));
            stored.add(request);
        }
        return stored;
    }

    private void awaitDocuments(long expected) {
        try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
            // A terminated member's write-behind worker may still fail on its own thread: not this test's concern.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(reader
                    .getDatabase(nodes.get(0).settings().mongoDatabase())
                    .getCollection(MongoEntryStore.COLLECTION).countDocuments()).isEqualTo(expected));
        }
    }

    private static CacheRequest request(String prefix, int i) {
        return CacheRequest.shared(prefix + " question " + i + " about blood pressure", CONTEXT);
    }

    private static CareResponse answer(int i) {
        return new CareResponse("answer " + i, List.of("aha"), 0.8);
    }

    private static List<CacheRequest> concat(List<CacheRequest> a, List<CacheRequest> b) {
        List<CacheRequest> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
