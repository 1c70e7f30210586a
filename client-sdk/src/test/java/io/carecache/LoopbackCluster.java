package io.carecache;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Members with real sockets on 127.0.0.1 (TCP/IP join, no multicast), for tests where a client
 * must see connections open and close. Each instance is its own cluster.
 */
final class LoopbackCluster implements AutoCloseable {
    private final String name = "loopback-" + UUID.randomUUID();
    private final CacheSettings settings;
    private final List<Integer> ports;
    private final List<HazelcastInstance> started = new ArrayList<>();

    /** Reserves {@code slots} member ports; members join each other through that list. */
    LoopbackCluster(CacheSettings settings, int slots) {
        this.settings = settings;
        this.ports = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            ports.add(FreePorts.next());
        }
    }

    String name() {
        return name;
    }

    /** {@code 127.0.0.1:port} of a slot. */
    String address(int slot) {
        return "127.0.0.1:" + ports.get(slot);
    }

    /** Starts the member of a slot; returns when it has joined. */
    HazelcastInstance start(int slot) {
        Config config = CareCacheGrid.configureMember(new Config().setClusterName(name), settings);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Fewer partitions and no join grace period: migrations and joins take a fraction of the defaults.
        config.setProperty("hazelcast.partition.count", "31");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(ports.get(slot)).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
        for (int i = 0; i < ports.size(); i++) {
            join.getTcpIpConfig().addMember(address(i));
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        started.add(member);
        return member;
    }

    @Override
    public void close() {
        for (HazelcastInstance member : started) {
            if (member.getLifecycleService().isRunning()) {
                member.getLifecycleService().terminate();
            }
        }
    }
}
