package io.carecache;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.map.impl.nearcache.NearCachedClientMapProxy;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A restarted client warms its near cache from the keys the previous run saved. */
class NearCachePreloaderTest {
    private static final CareContext CONTEXT = CareContext.builder("m-1", "p-1").careContext("sleep").build();
    private static final CareResponse ANSWER = new CareResponse("Keep a regular bedtime.", List.of("aasm"), 0.8);

    private final TestHazelcastFactory factory = new TestHazelcastFactory();
    private final String cluster = "preload-" + UUID.randomUUID();

    @AfterEach
    void stop() {
        factory.terminateAll();
    }

    @Test
    void preloader_afterClientRestart_restoresL1Entries(@TempDir Path preloadDir) {
        factory.newHazelcastInstance(CareCacheGrid.configureMember(new Config().setClusterName(cluster), CacheSettings.DEFAULTS));
        KeyRing ring = KeyRing.generate("k1");
        CacheRequest request = CacheRequest.shared("How can I fall asleep faster?", CONTEXT);

        HazelcastInstance first = client(preloadDir);
        // Hazelcast stores keys only once the near cache's own (here empty) preload has finished.
        await().atMost(Duration.ofSeconds(30)).until(() -> nearCacheOf(first).getNearCache().isPreloadDone());
        CareCache before = CareCache.builder(first).keyRing(ring).build();
        before.store(request, ANSWER);
        assertThat(before.lookup(request).tier()).isEqualTo(Tier.L2);
        nearCacheOf(first).getNearCache().storeKeys();
        assertThat(preloadDir.resolve("nearCache-" + CacheSettings.DEFAULTS.mapName() + ".store")).isNotEmptyFile();
        first.shutdown();

        HazelcastInstance second = client(preloadDir);
        await().atMost(Duration.ofSeconds(30)).until(() -> nearCacheOf(second).getNearCache().isPreloadDone());
        // The restarted client holds the entry in L1 before anyone asked for it. (Whether the very
        // first read is served from it also depends on Hazelcast's stale-read check having fetched
        // the partitions' invalidation metadata, which it does asynchronously.)
        assertThat(nearCacheOf(second).getNearCache().size()).isEqualTo(1);
        CareCache after = CareCache.builder(second).keyRing(ring).build();
        assertThat(after.lookup(request).response()).contains(ANSWER);
    }

    @Test
    void configureClient_withPreloadDirectory_savesKeysFirstAfterAMinuteThenEveryMinute(@TempDir Path preloadDir) {
        ClientConfig config = CareCacheGrid.configureClient(new ClientConfig(), CacheSettings.DEFAULTS, Optional.of(preloadDir));

        var preloader = config.getNearCacheConfig(CacheSettings.DEFAULTS.mapName()).getPreloaderConfig();
        // Not Hazelcast's 600 s: a client restarted within ten minutes of its start would come back cold.
        assertThat(preloader.getStoreInitialDelaySeconds()).isEqualTo(60);
        assertThat(preloader.getStoreIntervalSeconds()).isEqualTo(60);
    }

    private HazelcastInstance client(Path preloadDir) {
        return factory.newHazelcastClient(CareCacheGrid.configureClient(new ClientConfig().setClusterName(cluster),
                CacheSettings.DEFAULTS, Optional.of(preloadDir)));
    }

    private static NearCachedClientMapProxy<?, ?> nearCacheOf(HazelcastInstance client) {
        return (NearCachedClientMapProxy<?, ?>) client.getMap(CacheSettings.DEFAULTS.mapName());
    }
}
