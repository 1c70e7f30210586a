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
import com.hazelcast.config.SerializationConfig;
import io.carecache.internal.audit.AuditEventSerializer;
import io.carecache.internal.audit.AuditKeySerializer;
import io.carecache.internal.audit.AuditTrail;
import io.carecache.internal.crypto.SubjectKeys;
import io.carecache.internal.grid.CacheEntrySerializer;
import io.carecache.internal.grid.HazelcastCallbackThreads;
import io.carecache.internal.grid.WrappedSubjectKeySerializer;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Prepares Hazelcast configuration for CareCache: the entry serializer, the {@code responses}
 * map (L2) and its near cache (L1), the rate-limit buckets and the in-flight computation leases.
 * Members get the map settings; clients and members both get the near cache and the serializers.
 * The node module adds the MapStore (L3) on top.
 */
public final class CareCacheGrid {
    /** The map holding one rate-limit bucket per user and plan, keyed by a hash of the user id. */
    public static final String RATE_LIMIT_MAP = "carecache-rate-limits";
    /** The map holding the leases of computations in flight ({@code getOrCompute}), keyed by cache key. */
    public static final String IN_FLIGHT_MAP = "carecache-inflight";
    /**
     * First of the type ids of Bucket4j's entry-processor serializers (it uses a few consecutive ids);
     * members and clients must agree on it.
     */
    public static final int BUCKET4J_TYPE_ID_BASE = 7100;
    /** The map of per-subject data keys, wrapped by the key ring, keyed by subject hash. */
    public static final String SUBJECT_KEY_MAP = SubjectKeys.MAP;
    /** The map audit events travel through to MongoDB, keyed by event id within the partition of their batch. */
    public static final String AUDIT_MAP = AuditTrail.MAP;
    /** The executor members run erasure tasks on. */
    public static final String ERASURE_EXECUTOR = "carecache-erasure";
    /**
     * How often a client's near-cache preloader saves its keys, and how long after start it first
     * does. Hazelcast's default (600 s for both) leaves a client restarted within ten minutes of
     * its start cold, and the saved keys up to ten minutes old.
     */
    static final int L1_PRELOAD_STORE_SECONDS = 60;
    /** How long audit events stay in the grid after arriving: long enough for write-behind to store them. */
    static final int AUDIT_GRID_TTL_SECONDS = 600;

    private CareCacheGrid() {
    }

    /** Adds CareCache's serializer and near cache to a thin client's configuration. */
    public static ClientConfig configureClient(ClientConfig config, CacheSettings settings, Optional<Path> l1PreloadDirectory) {
        addSerializers(config.getSerializationConfig());
        NearCacheConfig nearCache = nearCache(settings);
        l1PreloadDirectory.ifPresent(dir -> nearCache.setPreloaderConfig(
                new NearCachePreloaderConfig().setEnabled(true).setDirectory(dir.toString())
                        .setStoreInitialDelaySeconds(L1_PRELOAD_STORE_SECONDS).setStoreIntervalSeconds(L1_PRELOAD_STORE_SECONDS)));
        config.addNearCacheConfig(nearCache);
        config.setProperty("hazelcast.client.statistics.enabled", "true");
        return config;
    }

    /** Adds CareCache's serializer, the entry map and its near cache to a member's configuration. */
    public static Config configureMember(Config config, CacheSettings settings) {
        addSerializers(config.getSerializationConfig());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Near caches remember misses; invalidations for a newly stored answer then arrive within a
        // second rather than Hazelcast's default ten, so other processes stop missing it sooner.
        config.setProperty("hazelcast.map.invalidation.batchfrequency.seconds", "1");
        config.addMapConfig(mapConfig(settings));
        // Small, short-lived entries; one backup so a member's death loses no bucket or lease.
        config.addMapConfig(new MapConfig(RATE_LIMIT_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY));
        config.addMapConfig(new MapConfig(IN_FLIGHT_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY));
        // Losing a subject key loses the subject's entries: one synchronous backup, MongoDB behind it (node).
        config.addMapConfig(new MapConfig(SUBJECT_KEY_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY));
        // Audit events pass through: MongoDB (node's write-behind MapStore) is their home, the grid a buffer.
        config.addMapConfig(new MapConfig(AUDIT_MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY)
                .setTimeToLiveSeconds(AUDIT_GRID_TTL_SECONDS));
        return config;
    }

    private static void addSerializers(SerializationConfig serialization) {
        // Every CareCache process passes here: no thread per putAll partition on small machines.
        HazelcastCallbackThreads.pool();
        serialization.getCompactSerializationConfig().addSerializer(new CacheEntrySerializer())
                .addSerializer(new WrappedSubjectKeySerializer()).addSerializer(new AuditEventSerializer())
                .addSerializer(new AuditKeySerializer());
        HazelcastProxyManager.addCustomSerializers(serialization, BUCKET4J_TYPE_ID_BASE);
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
