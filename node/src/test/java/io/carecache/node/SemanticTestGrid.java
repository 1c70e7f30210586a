package io.carecache.node;

import com.hazelcast.config.Config;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.node.internal.semantic.Embedder;
import io.carecache.node.internal.semantic.GridSemanticIndex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * Members on loopback over one in-process MongoDB wire-protocol server, with the embedder a test
 * chooses; members can all be stopped and started again over the same MongoDB (a whole-cluster restart).
 */
final class SemanticTestGrid implements AutoCloseable {
    final MongoServer mongo;
    final NodeSettings settings;
    private SemanticSettings semantic;
    private final List<Integer> ports = new ArrayList<>();
    private final Embedder embedder;
    final List<CareCacheNode> nodes = new ArrayList<>();

    SemanticTestGrid(int members, Embedder embedder, UnaryOperator<NodeSettings.Builder> adjust) {
        this.embedder = embedder;
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            int port = FreePorts.next();
            ports.add(port);
            addresses.add("127.0.0.1:" + port);
        }
        settings = adjust.apply(NodeSettings.builder()
                .cache(CacheSettings.builder().compression(false, 6).build())
                .clusterName("semantic-" + UUID.randomUUID())
                .port(ports.get(0))
                .members(addresses)
                .mongoUri(Optional.of("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort()))
                .mongoDatabase("semantic")
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH)
                .healthPort(0)).build();
        semantic = settings.semantic();
        start();
    }

    /** Starts every member (again). */
    void start() {
        for (int port : ports) {
            NodeSettings s = settings.toBuilder().port(port).semantic(semantic).build();
            Config config = CareCacheNode.memberConfig(s);
            GridSemanticIndex.configureMember(config, s.cache().mapName(), embedder, s.semantic());
            nodes.add(CareCacheNode.start(s, config));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> nodes.get(0).hazelcast().getCluster().getMembers().size() == ports.size());
    }

    /** Stops every member and starts them again over the same MongoDB, with other semantic settings. */
    void restartWith(SemanticSettings next) {
        stopMembers();
        semantic = next;
        start();
    }

    /**
     * Stops every member gracefully and at once, as a whole-cluster restart does (SIGTERM to every
     * pod); MongoDB keeps running. One at a time, each leave would first migrate its partitions to
     * members about to leave too, and with the rate job running that migration stalls for minutes
     * (docs/architecture.md, warming).
     */
    void stopMembers() {
        List<Thread> stopping = nodes.stream().map(n -> new Thread(n::close, "stop-member")).toList();
        stopping.forEach(Thread::start);
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while members stop", e);
            }
        }
        nodes.clear();
    }

    CareCacheNode node(int i) {
        return nodes.get(i);
    }

    /** A facade on member {@code i} with semantic hits on. */
    CareCache cache(int i, KeyRing ring) {
        return CareCache.builder(node(i).hazelcast()).keyRing(ring).settings(settings.cache())
                .semanticIndex(SemanticGrid.index(node(i).hazelcast(), settings.cache())).build();
    }

    @Override
    public void close() {
        stopMembers();
        mongo.shutdownNow();
    }
}
