package io.carecache;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link CareCacheClient.Builder}: validation, the Hazelcast client configuration it produces, ownership. */
class CareCacheClientTest {
    private static final KeyRing RING = KeyRing.generate("k1");

    private static CareCacheClient.Builder valid() {
        return CareCacheClient.builder().clusterName("carecache").addresses("127.0.0.1:5701").keyRing(RING);
    }

    @Test
    void clientConfig_givenSettings_mapsTimeoutsReconnectAndBackoff() {
        ClientConfig config = valid()
                .connectionTimeout(Duration.ofSeconds(3))
                .invocationTimeout(Duration.ofSeconds(7))
                .clusterConnectTimeout(Duration.ofSeconds(45))
                .reconnect(CareCacheClient.Reconnect.ASYNC)
                .retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(4), 1.5, 0.1)
                .clientConfig();

        assertThat(config.getClusterName()).isEqualTo("carecache");
        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("127.0.0.1:5701");
        assertThat(config.getNetworkConfig().getConnectionTimeout()).isEqualTo(3000);
        assertThat(config.getProperty("hazelcast.client.invocation.timeout.seconds")).isEqualTo("7");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig();
        assertThat(strategy.getReconnectMode()).isEqualTo(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        assertThat(strategy.isAsyncStart()).isFalse();
        ConnectionRetryConfig retry = strategy.getConnectionRetryConfig();
        assertThat(retry.getInitialBackoffMillis()).isEqualTo(200);
        assertThat(retry.getMaxBackoffMillis()).isEqualTo(4000);
        assertThat(retry.getMultiplier()).isEqualTo(1.5);
        assertThat(retry.getJitter()).isEqualTo(0.1);
        assertThat(retry.getClusterConnectTimeoutMillis()).isEqualTo(45_000);
    }

    @Test
    void clientConfig_byDefault_reconnectsOnWithUnboundedConnectTimeout() {
        ClientConfig config = valid().clientConfig();

        assertThat(config.getConnectionStrategyConfig().getReconnectMode())
                .isEqualTo(ClientConnectionStrategyConfig.ReconnectMode.ON);
        assertThat(config.getConnectionStrategyConfig().getConnectionRetryConfig().getClusterConnectTimeoutMillis())
                .isEqualTo(-1);
        assertThat(config.getProperty("hazelcast.client.invocation.timeout.seconds")).isEqualTo("10");
    }

    @Test
    void clientConfig_nearCache_comesFromCacheSettings() {
        CacheSettings settings = CacheSettings.builder().l1(250, Duration.ofSeconds(90), "LFU").build();

        NearCacheConfig nearCache = valid().settings(settings).clientConfig().getNearCacheConfig(settings.mapName());

        assertThat(nearCache.getEvictionConfig().getSize()).isEqualTo(250);
        assertThat(nearCache.getEvictionConfig().getEvictionPolicy().name()).isEqualTo("LFU");
        assertThat(nearCache.getTimeToLiveSeconds()).isEqualTo(90);
    }

    @Test
    void clientConfig_kubernetes_enablesDiscoveryWithoutAddresses() {
        ClientConfig config = CareCacheClient.builder().kubernetes("care", "carecache-members").keyRing(RING)
                .clientConfig();

        assertThat(config.getNetworkConfig().getKubernetesConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getKubernetesConfig().getProperty("namespace")).isEqualTo("care");
        assertThat(config.getNetworkConfig().getKubernetesConfig().getProperty("service-name")).isEqualTo("carecache-members");
        assertThat(config.getNetworkConfig().getAddresses()).isEmpty();
    }

    @Test
    void build_withoutAddressesOrKubernetes_namesTheSetting() {
        assertThatThrownBy(() -> CareCacheClient.builder().keyRing(RING).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("client.addresses"))
                .hasMessageContaining("none was given");
    }

    @Test
    void build_withAddressesAndKubernetes_isRefused() {
        assertThatThrownBy(() -> valid().kubernetes("care", "carecache-members").build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("client.addresses"))
                .hasMessageContaining("not both");
    }

    @Test
    void build_malformedAddress_namesIt() {
        assertThatThrownBy(() -> valid().addresses("10.0.0.1:5701", "not an address").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("client.addresses").hasMessageContaining("'not an address'");
    }

    @Test
    void build_invocationTimeoutBelowOneSecond_namesTheRange() {
        assertThatThrownBy(() -> valid().invocationTimeout(Duration.ofMillis(200)).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("client.invocation-timeout"))
                .hasMessageContaining("between PT1S and PT1H");
    }

    @Test
    void build_maxBackoffBelowInitial_isRefused() {
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 0).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("client.retry-backoff.max"));
    }

    @Test
    void build_jitterAboveOne_isRefused() {
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.5).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("client.retry-backoff.jitter"));
    }

    @Test
    void build_badClusterName_namesIt() {
        assertThatThrownBy(() -> valid().clusterName("two words").build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("client.cluster-name"));
    }

    @Test
    void build_withoutKeyRing_isRefusedBeforeConnecting() {
        assertThatThrownBy(() -> CareCacheClient.builder().addresses("127.0.0.1:5701").build())
                .isInstanceOf(KeyRingException.class);
    }

    @Test
    void build_noMemberListening_failsWithinTheClusterConnectTimeout() {
        try (LoopbackCluster nobody = new LoopbackCluster(CacheSettings.DEFAULTS, 1)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> CareCacheClient.builder().clusterName(nobody.name()).addresses(nobody.address(0))
                    .keyRing(RING).clusterConnectTimeout(Duration.ofSeconds(2))
                    .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(500), 2, 0).build())
                    .isInstanceOf(GridUnreachableException.class)
                    .hasMessageContaining(nobody.name()).hasMessageContaining(nobody.address(0));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void close_facadeBuiltByTheBuilder_shutsItsClientDown() {
        try (LoopbackCluster cluster = new LoopbackCluster(CacheSettings.DEFAULTS, 1)) {
            HazelcastInstance member = cluster.start(0);
            CareCache cache = CareCacheClient.builder().clusterName(cluster.name()).addresses(cluster.address(0))
                    .keyRing(RING).build();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(member.getClientService().getConnectedClients()).hasSize(1));

            cache.close();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(member.getClientService().getConnectedClients()).isEmpty());
        }
    }
}
