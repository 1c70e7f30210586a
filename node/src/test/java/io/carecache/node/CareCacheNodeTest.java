package io.carecache.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.PhiCategory;
import io.carecache.PhiPolicy;
import io.carecache.Tier;
import io.carecache.internal.keys.CacheKeys;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The member runtime on its own: configuration, readiness, graceful close and the embedded store. */
class CareCacheNodeTest {
    private static final CareContext CONTEXT = CareContext.builder("model-1", "prompt-1").careContext("asthma").build();
    private static final CareResponse ANSWER = new CareResponse("Use your reliever inhaler.", List.of("gina-2024"), 0.8);

    private final List<CareCacheNode> nodes = new ArrayList<>();
    private MongoServer mongoServer;
    private MongoClient mongoClient;
    private String mongoUri;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
        mongoClient = MongoClients.create(mongoUri);
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(CareCacheNode::close);
        mongoClient.close();
        mongoServer.shutdownNow();
    }

    @Test
    void memberConfig_members_joinsByTcpIpWithoutMulticast() {
        NodeSettings settings = NodeSettings.builder().members(List.of("10.0.0.5:5701", "10.0.0.6")).build();

        JoinConfig join = CareCacheNode.memberConfig(settings).getNetworkConfig().getJoin();

        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.5:5701", "10.0.0.6");
    }

    @Test
    void memberConfig_kubernetesServiceName_discoversThroughKubernetes() {
        NodeSettings settings = NodeSettings.builder().members(List.of()).kubernetesServiceName("carecache-hs").build();

        Config config = CareCacheNode.memberConfig(settings);
        JoinConfig join = config.getNetworkConfig().getJoin();

        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-name")).isEqualTo("carecache-hs");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    }

    @Test
    void memberConfig_settings_carryClusterNamePortAndEntryMap() {
        NodeSettings settings = NodeSettings.builder().clusterName("ward-7").port(5801).build();

        Config config = CareCacheNode.memberConfig(settings);

        assertThat(config.getClusterName()).isEqualTo("ward-7");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
        assertThat(config.getMapConfigOrNull(settings.cache().mapName())).isNotNull();
    }

    @Test
    void mapStoreConfig_writeBehind_usesDelayBatchAndCoalescing() {
        NodeSettings settings = NodeSettings.builder().writeMode(NodeSettings.WriteMode.WRITE_BEHIND)
                .writeDelay(Duration.ofMillis(2500)).writeBatchSize(250).writeCoalescing(false).build();

        MapStoreConfig store = CareCacheNode.mapStoreConfig(settings);

        assertThat(store.getWriteDelaySeconds()).isEqualTo(3);
        assertThat(store.getWriteBatchSize()).isEqualTo(250);
        assertThat(store.isWriteCoalescing()).isFalse();
        assertThat(store.getInitialLoadMode()).isEqualTo(MapStoreConfig.InitialLoadMode.LAZY);
    }

    @Test
    void mapStoreConfig_writeThrough_hasNoDelay() {
        NodeSettings settings = NodeSettings.builder().writeMode(NodeSettings.WriteMode.WRITE_THROUGH).build();

        assertThat(CareCacheNode.mapStoreConfig(settings).getWriteDelaySeconds()).isZero();
    }

    @Test
    void isReady_runningMemberWithMongo_isTrue() {
        CareCacheNode node = start(settings().build());

        await().atMost(Duration.ofSeconds(30)).until(node::isReady);
        assertThat(node.l3Reachable()).isTrue();
    }

    @Test
    void isReady_mongoStoppedAfterItAnswered_staysReadyWhileL3Unreachable() {
        CareCacheNode node = start(settings().build());
        await().atMost(Duration.ofSeconds(30)).until(node::isReady);

        mongoServer.shutdownNow();

        await().atMost(Duration.ofSeconds(30)).until(() -> !node.l3Reachable());
        assertThat(node.isReady()).isTrue();
    }

    @Test
    void l3ReachableAtLastHeartbeat_mongoStopped_turnsFalse() {
        CareCacheNode node = start(settings().build());
        await().atMost(Duration.ofSeconds(30)).until(node::l3ReachableAtLastHeartbeat);

        mongoServer.shutdownNow();

        await().atMost(Duration.ofSeconds(30)).until(() -> !node.l3ReachableAtLastHeartbeat());
    }

    @Test
    void isReady_mongoStoppedBeforeItEverAnswered_isFalse() {
        CareCacheNode node = start(settings().build());

        mongoServer.shutdownNow();

        await().atMost(Duration.ofSeconds(30)).until(() -> !node.l3Reachable());
        assertThat(node.isReady()).isFalse();
    }

    @Test
    void close_writeBehindPending_writesEntriesToMongo() {
        NodeSettings settings = settings().writeMode(NodeSettings.WriteMode.WRITE_BEHIND)
                .writeDelay(Duration.ofSeconds(60)).build();
        CareCacheNode node = start(settings);
        CacheRequest request = CacheRequest.shared("what triggers asthma " + UUID.randomUUID(), CONTEXT);
        node.cache(KeyRing.generate("k1")).store(request, ANSWER);
        assertThat(documents(settings).countDocuments()).as("still queued").isZero();

        node.close();

        assertThat(documents(settings).countDocuments(Filters.eq("_id", CacheKeys.key(request)))).isEqualTo(1);
    }

    @Test
    void start_withoutMongoUri_keepsEntriesInEmbeddedStoreAcrossRestart(@TempDir Path data) {
        NodeSettings settings = settings().mongoUri(Optional.empty()).embeddedDataDirectory(data).build();
        KeyRing ring = KeyRing.generate("dev");
        CacheRequest request = CacheRequest.shared("how do I use a spacer " + UUID.randomUUID(), CONTEXT);
        CareCacheNode first = start(settings);
        first.cache(ring).store(request, ANSWER);
        first.close();

        CareCacheNode second = start(settings);
        LookupResult result = second.cache(ring).lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.L3);
        assertThat(result.response()).contains(ANSWER);
    }

    @Test
    void start_embeddedDataDirectoryInUse_failsNamingTheDirectory(@TempDir Path data) {
        NodeSettings settings = settings().mongoUri(Optional.empty()).embeddedDataDirectory(data).build();
        start(settings);

        NodeSettings other = settings.toBuilder().clusterName("other-" + UUID.randomUUID()).port(FreePorts.next())
                .members(List.of("127.0.0.1")).build();
        assertThatThrownBy(() -> start(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(data.toAbsolutePath().toString())
                .hasMessageContaining("data directory");
    }

    @Test
    void cache_embeddedFacade_storesAndReadsThroughTheMember() {
        CareCacheNode node = start(settings().build());
        CareCache cache = node.cache(KeyRing.generate("k1"));
        CacheRequest request = CacheRequest.shared("can I run with asthma " + UUID.randomUUID(), CONTEXT);

        cache.store(request, ANSWER);

        assertThat(cache.lookup(request).response()).contains(ANSWER);
        assertThat(cache.settings()).isEqualTo(node.settings().cache());
    }

    @Test
    void cache_settingsDisablingUrl_screensWithTheNodesPhiPolicy() {
        // The seed policy bypasses a query with a URL (found above 0.8); the node's policy skips URLs.
        PhiPolicy noUrls = PhiPolicy.SEED.toBuilder().disabledCategories(Set.of(PhiCategory.URL)).build();
        CareCacheNode node = start(settings().phi(noUrls).build());
        CacheRequest request = CacheRequest.shared("is https://example.org/asthma-guide right for me "
                + UUID.randomUUID(), CONTEXT);

        LookupResult result = node.cache(KeyRing.generate("k1")).lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
    }

    private CareCacheNode start(NodeSettings settings) {
        CareCacheNode node = CareCacheNode.start(settings);
        nodes.add(node);
        return node;
    }

    private NodeSettings.Builder settings() {
        int port = FreePorts.next();
        return NodeSettings.builder()
                .clusterName("node-test-" + UUID.randomUUID())
                .port(port)
                .members(List.of("127.0.0.1:" + port))
                .mongoUri(Optional.of(mongoUri))
                .mongoDatabase("node" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100000))
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH)
                .healthPort(0);
    }

    private MongoCollection<Document> documents(NodeSettings settings) {
        return mongoClient.getDatabase(settings.mongoDatabase()).getCollection("therapeutic_response_cache");
    }
}
