package io.carecache.internal.grid;

import com.hazelcast.client.map.impl.nearcache.NearCachedClientMapProxy;
import com.hazelcast.internal.nearcache.NearCache;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.NearCachedMapProxyImpl;
import com.hazelcast.nearcache.NearCacheStats;

import java.util.Optional;

/**
 * Reads the Hazelcast near cache (L1) of a map directly, so a lookup knows whether L1 answered
 * before it asks the grid. Works for client and member proxies; a map without a near cache has
 * no L1 and every probe misses.
 *
 * <p>Uses Hazelcast's internal near cache interface: the public API has no "peek" that reports
 * where a value came from.
 */
public final class NearCacheProbe {
    private final NearCache<Object, Object> nearCache;
    private final SerializationService serialization;

    private NearCacheProbe(NearCache<Object, Object> nearCache, SerializationService serialization) {
        this.nearCache = nearCache;
        this.serialization = serialization;
    }

    /** A probe of {@code map}'s near cache; with no near cache, one that always misses. */
    public static NearCacheProbe of(IMap<String, CacheEntry> map, SerializationService serialization) {
        if (map instanceof NearCachedClientMapProxy<?, ?> client) {
            return new NearCacheProbe(client.getNearCache(), serialization);
        }
        if (map instanceof NearCachedMapProxyImpl<?, ?> member) {
            return new NearCacheProbe(member.getNearCache(), serialization);
        }
        return new NearCacheProbe(null, serialization);
    }

    /** Whether the map has a near cache at all. */
    public boolean present() {
        return nearCache != null;
    }

    /** The entry L1 holds for {@code key}, if any. */
    public Optional<CacheEntry> peek(String key) {
        if (nearCache == null) {
            return Optional.empty();
        }
        Object nearKey = nearCache.isSerializeKeys() ? serialization.toData(key) : key;
        Object value = nearCache.get(nearKey);
        if (value instanceof Data data) {
            value = serialization.toObject(data);
        }
        return value instanceof CacheEntry entry ? Optional.of(entry) : Optional.empty();
    }

    /**
     * Drops this process's L1 record of {@code key}. Hazelcast's near cache also remembers that a
     * key was absent, until an invalidation from the writer arrives (batched, seconds on members);
     * a reader that knows another process has just written the key forgets first.
     */
    public void forget(String key) {
        if (nearCache != null) {
            nearCache.invalidate(nearCache.isSerializeKeys() ? serialization.toData(key) : key);
        }
    }

    /** Drops every L1 entry of this process. */
    public void clear() {
        if (nearCache != null) {
            nearCache.clear();
        }
    }

    /** Hazelcast's statistics of this near cache, if there is one. */
    public Optional<NearCacheStats> stats() {
        return nearCache == null ? Optional.empty() : Optional.of(nearCache.getNearCacheStats());
    }
}
