package io.carecache.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.map.impl.nearcache.NearCachedClientMapProxy;
import com.hazelcast.core.HazelcastInstance;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.KeyRing;
import org.junit.jupiter.api.AfterAll;

import java.util.List;
import java.util.Optional;

/** The tier behaviour through a facade over a thin client (the client's near cache is L1). */
class ClientTierTest extends TierBehaviourContract {
    private HazelcastInstance client;
    private NodeSettings settings;

    @Override
    protected void clusterStarted(NodeSettings nodeSettings, List<String> memberAddresses) {
        settings = nodeSettings;
        ClientConfig config = new ClientConfig().setClusterName(nodeSettings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        memberAddresses.forEach(a -> config.getNetworkConfig().addAddress(a));
        CareCacheGrid.configureClient(config, nodeSettings.cache(), Optional.empty());
        client = HazelcastClient.newHazelcastClient(config);
    }

    @Override
    protected void clusterStopping() {
        client.shutdown();
    }

    @AfterAll
    void stopClient() {
        client.shutdown();
    }

    @Override
    protected CareCache connect(KeyRing keyRing) {
        return CareCache.builder(client).keyRing(keyRing).settings(settings.cache()).build();
    }

    @Override
    protected void clearL1() {
        ((NearCachedClientMapProxy<?, ?>) client.getMap(settings.cache().mapName())).getNearCache().clear();
    }
}
