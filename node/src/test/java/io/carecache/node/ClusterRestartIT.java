package io.carecache.node;

import com.hazelcast.client.map.impl.nearcache.NearCachedClientMapProxy;
import com.hazelcast.internal.nearcache.NearCache;
import io.carecache.CacheSettings;
import io.carecache.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.carecache.node.MemberKillIT.awaitStores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every member stopped (SIGTERM to all three at once) and started again: MongoDB holds every
 * acknowledged answer the moment the last member has exited, a new client reads each one back
 * (from L3 through the restarted grid), and a client restarted with the near-cache preloader
 * directory starts with its L1 warm. A client that stayed up through the restart finds its L1
 * cleared (Hazelcast clears a client's local state when it connects to a new cluster); the
 * preloader does not run again for it.
 */
class ClusterRestartIT {
    private static final int HOT = 100;

    @RegisterExtension
    final MemberCluster cluster = new MemberCluster(3, Map.of());

    @TempDir
    Path preloadDirectory;

    @Test
    void wholeClusterRestart_everyEntryBackFromL3AndRestartedClientWarmFromPreloader() throws Exception {
        cluster.startAll();
        MemberCluster.Client writer = cluster.client(Optional.of(preloadDirectory));
        // Hazelcast saves keys only once the near cache's own (here empty) preload has finished.
        await().atMost(Duration.ofSeconds(30)).until(() -> nearCache(writer).isPreloadDone());
        MemberCluster.Client survivor = cluster.client();
        LoadGenerator load = new LoadGenerator(writer.cache(), "restart", 4, 200, 0.5).start();
        try (load) {
            awaitStores(load, 400);
        }
        LoadGenerator.Snapshot total = load.snapshot();
        MemberCluster.record("ClusterRestartIT", "load before the restart " + total);
        assertThat(total.clientErrors() + total.lostReads() + total.wrongAnswers() + total.storesBypassed())
                .as(total.toString()).isZero();

        List<Integer> hot = load.acknowledged().values().stream().sorted().limit(HOT).toList();
        for (int id : hot) {
            assertThat(writer.cache().lookup(LoadGenerator.request(load.prefix(), id)).isHit()).isTrue();
            assertThat(survivor.cache().lookup(LoadGenerator.request(load.prefix(), id)).isHit()).isTrue();
        }
        long hotReadAt = System.currentTimeMillis();
        await("the preloader saved the writer's L1 keys").atMost(Duration.ofSeconds(30)).until(() ->
                nearCache(writer).getNearCacheStats().getLastPersistenceTime() > hotReadAt
                        && nearCache(writer).getNearCacheStats().getLastPersistenceKeyCount() == nearCache(writer).size());
        long savedKeys = nearCache(writer).getNearCacheStats().getLastPersistenceKeyCount();
        assertThat(savedKeys).isGreaterThanOrEqualTo(HOT);
        writer.hazelcast().shutdown(); // an application restart: its process ends, the key file stays

        long stopStart = System.nanoTime();
        cluster.stopAllGracefully();
        long stopped = System.nanoTime();
        assertThat(cluster.missingFromMongo(load.acknowledged().keySet()))
                .as("acknowledged answers MongoDB lacks once every member has stopped").isEmpty();
        cluster.startAll();
        long started = System.nanoTime();

        await("the surviving client reconnected, L1 cleared").atMost(Duration.ofSeconds(60)).until(() ->
                survivor.hazelcast().getCluster().getMembers().size() == cluster.size() && nearCache(survivor).size() == 0);
        MemberCluster.Client restarted = cluster.client(Optional.of(preloadDirectory));
        await("the restarted client's preload").atMost(Duration.ofSeconds(60)).until(() -> nearCache(restarted).isPreloadDone());
        long preloaded = nearCache(restarted).size();
        LoadGenerator.ReadBack readBack = load.readBack(restarted.cache());
        MemberCluster.record("ClusterRestartIT", String.format("all members stopped in %d ms, started and safe in %d ms; "
                        + "%d keys saved by the preloader, %d in the restarted client's L1 before any read; read back %d: %s",
                (stopped - stopStart) / 1_000_000, (started - stopped) / 1_000_000, savedKeys, preloaded,
                load.acknowledged().size(), readBack));

        assertThat(preloaded).as("L1 of the restarted client, filled by the preloader").isEqualTo(savedKeys);
        assertThat(readBack.failures()).as(readBack.toString()).isEmpty();
        // What the preloader did not bring in came from MongoDB: the restarted grid started empty.
        assertThat(readBack.tiers().getOrDefault(Tier.L3, 0L)).isEqualTo(load.acknowledged().size() - savedKeys);
        assertThat(readBack.tiers().getOrDefault(Tier.L1, 0L) + readBack.tiers().getOrDefault(Tier.L2, 0L))
                .isEqualTo(savedKeys);
    }

    private static NearCache<Object, Object> nearCache(MemberCluster.Client client) {
        return ((NearCachedClientMapProxy<Object, Object>) client.hazelcast().<Object, Object>getMap(
                CacheSettings.DEFAULTS.mapName())).getNearCache();
    }
}
