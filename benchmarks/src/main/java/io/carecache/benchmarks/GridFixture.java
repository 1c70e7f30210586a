package io.carecache.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.carecache.CacheSettings;
import io.carecache.CareCacheGrid;

import java.util.Optional;
import java.util.UUID;

/** A member and thin clients on loopback (real sockets), as an application would run them. */
final class GridFixture implements AutoCloseable {
    final HazelcastInstance member;
    private final String clusterName = "bench-" + UUID.randomUUID();
    private final int port;

    GridFixture(CacheSettings settings) {
        Config config = CareCacheGrid.configureMember(new Config().setClusterName(clusterName), settings);
        config.getNetworkConfig().setPort(5801).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        member = Hazelcast.newHazelcastInstance(config);
        port = member.getCluster().getLocalMember().getAddress().getPort();
    }

    /** A client whose {@code responses} map has the near cache (L1). */
    HazelcastInstance clientWithNearCache(CacheSettings settings) {
        return HazelcastClient.newHazelcastClient(CareCacheGrid.configureClient(baseClient(), settings, Optional.empty()));
    }

    /** A client without a near cache: every read goes to the grid (L2). */
    HazelcastInstance clientWithoutNearCache(CacheSettings settings) {
        ClientConfig config = CareCacheGrid.configureClient(baseClient(), settings, Optional.empty());
        config.getNearCacheConfigMap().clear();
        return HazelcastClient.newHazelcastClient(config);
    }

    private ClientConfig baseClient() {
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        return config;
    }

    @Override
    public void close() {
        HazelcastClient.shutdownAll();
        Hazelcast.shutdownAll();
    }
}
