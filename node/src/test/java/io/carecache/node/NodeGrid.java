package io.carecache.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CareCacheGrid;
import io.carecache.FreePorts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * A test grid: CareCache members in this JVM on loopback, writing through to a MongoDB wire-protocol
 * server (mongo-java-server) of their own, and a thin client made on first use. One place for what
 * the grid tests used to set up each for themselves; {@link #close()} stops everything in reverse.
 */
final class NodeGrid implements AutoCloseable {
    private final List<CareCacheNode> members = new ArrayList<>();
    private final MongoClient mongoClient;
    private final NodeSettings settings;
    private MongoServer mongo;
    private final int mongoPort;
    private HazelcastInstance client;

    private NodeGrid(String name, int memberCount, UnaryOperator<NodeSettings.Builder> tune) {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        mongoPort = mongo.getLocalAddress().getPort();
        mongoClient = MongoClients.create(mongoUri());
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            ports.add(FreePorts.next());
        }
        settings = tune.apply(NodeSettings.builder()
                .clusterName(name + "-" + UUID.randomUUID())
                .port(ports.get(0))
                .members(ports.stream().map(p -> "127.0.0.1:" + p).toList())
                .mongoUri(Optional.of(mongoUri()))
                .mongoDatabase(name.replaceAll("[^A-Za-z0-9]", ""))
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH)
                .healthPort(0)).build();
        try {
            for (int port : ports) {
                members.add(CareCacheNode.start(settings.toBuilder().port(port).build()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> member(0).hazelcast().getCluster().getMembers().size()
                    == memberCount && members.stream().allMatch(CareCacheNode::isReady));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Starts {@code memberCount} members named after {@code name} (the cluster name gets a random
     * suffix, so parallel runs never join each other), write-through to a fresh MongoDB database;
     * {@code tune} changes any other setting.
     */
    static NodeGrid start(String name, int memberCount, UnaryOperator<NodeSettings.Builder> tune) {
        return new NodeGrid(name, memberCount, tune);
    }

    /** {@link #start(String, int, UnaryOperator)} with the default settings. */
    static NodeGrid start(String name, int memberCount) {
        return start(name, memberCount, UnaryOperator.identity());
    }

    /** The settings every member started with (but for its own port). */
    NodeSettings settings() {
        return settings;
    }

    CareCacheNode member(int index) {
        return members.get(index);
    }

    /** A thin client of the grid, configured as the SDK's users configure theirs. */
    synchronized HazelcastInstance client() {
        if (client == null) {
            ClientConfig config = new ClientConfig().setClusterName(settings.clusterName());
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.getNetworkConfig().setAddresses(settings.members());
            CareCacheGrid.configureClient(config, settings.cache(), Optional.empty());
            client = HazelcastClient.newHazelcastClient(config);
        }
        return client;
    }

    /** The members' MongoDB database, read directly. */
    MongoDatabase database() {
        return mongoClient.getDatabase(settings.mongoDatabase());
    }

    /** A client of the MongoDB server itself (every database on it). */
    MongoClient mongoClient() {
        return mongoClient;
    }

    /** MongoDB goes down: connections are refused until {@link #restartMongo()}. */
    void stopMongo() {
        mongo.shutdownNow();
    }

    /** MongoDB answers again on the same port, empty. */
    void restartMongo() {
        mongo.shutdownNow();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", mongoPort);
    }

    private String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).close();
        }
        mongoClient.close();
        mongo.shutdownNow();
    }
}
