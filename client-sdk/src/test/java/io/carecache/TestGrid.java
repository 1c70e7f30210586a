package io.carecache;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;

import java.util.Optional;
import java.util.UUID;

/** An in-JVM cluster (Hazelcast's test factory: real members, in-process network) for SDK tests. */
final class TestGrid implements AutoCloseable {
    private final TestHazelcastFactory factory = new TestHazelcastFactory();
    private final String clusterName = "sdk-test-" + UUID.randomUUID();
    private final CacheSettings settings;

    TestGrid(CacheSettings settings) {
        this.settings = settings;
    }

    HazelcastInstance member() {
        Config config = CareCacheGrid.configureMember(new Config().setClusterName(clusterName), settings);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        return factory.newHazelcastInstance(config);
    }

    HazelcastInstance client() {
        ClientConfig config = CareCacheGrid.configureClient(new ClientConfig().setClusterName(clusterName), settings,
                Optional.empty());
        return factory.newHazelcastClient(config);
    }

    @Override
    public void close() {
        factory.terminateAll();
    }
}
