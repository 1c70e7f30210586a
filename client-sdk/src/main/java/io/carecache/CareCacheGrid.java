package io.carecache;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NearCachePreloaderConfig;
import io.carecache.internal.grid.CacheEntrySerializer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Prepares Hazelcast configuration for CareCache: the entry serializer, the {@code responses}
 * map (L2) and its near cache (L1). Members get the map settings; clients and members both get
 * the near cache. The node module adds the MapStore (L3) on top.
 */
public final class CareCacheGrid {
    private CareCacheGrid() {
    }

    /** Adds CareCache's serializer and near cache to a thin client's configuration. */
    public static ClientConfig configureClient(ClientConfig config, CacheSettings settings, Optional<Path> l1PreloadDirectory) {
        config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new CacheEntrySerializer());
        NearCacheConfig nearCache = nearCache(settings);
        l1PreloadDirectory.ifPresent(dir -> nearCache.setPreloaderConfig(
                new NearCachePreloaderConfig().setEnabled(true).setDirectory(dir.toString())));
        config.addNearCacheConfig(nearCache);
        config.setProperty("hazelcast.client.statistics.enabled", "true");
        return config;
    }

    /** Adds CareCache's serializer, the entry map and its near cache to a member's configuration. */
    public static Config configureMember(Config config, CacheSettings settings) {
        config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new CacheEntrySerializer());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.addMapConfig(mapConfig(settings));
        return config;
    }

    /** The L2 map's configuration: one synchronous backup, TTL, per-member bound, near cache. */
    public static MapConfig mapConfig(CacheSettings settings) {
        MapConfig map = new MapConfig(settings.mapName())
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setTimeToLiveSeconds(Math.toIntExact(settings.l2Ttl().toSeconds()))
                .setStatisticsEnabled(true)
                .setPerEntryStatsEnabled(true);
        map.getEvictionConfig()
                .setEvictionPolicy(EvictionPolicy.LRU)
                .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                .setSize(settings.l2MaxSizePerNode());
        map.setNearCacheConfig(nearCache(settings).setCacheLocalEntries(true));
        return map;
    }

    private static NearCacheConfig nearCache(CacheSettings settings) {
        NearCacheConfig nearCache = new NearCacheConfig(settings.mapName())
                // OBJECT: a hit returns the stored entry without deserializing it; entries are immutable.
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setInvalidateOnChange(true)
                .setSerializeKeys(false)
                .setTimeToLiveSeconds(Math.toIntExact(settings.l1Ttl().toSeconds()));
        nearCache.setEvictionConfig(new EvictionConfig()
                .setEvictionPolicy(EvictionPolicy.valueOf(settings.l1EvictionPolicy()))
                .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                .setSize(settings.l1MaxSize()));
        return nearCache;
    }
}
