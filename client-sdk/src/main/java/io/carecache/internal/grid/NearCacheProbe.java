package io.carecache.internal.grid;

import com.hazelcast.client.map.impl.nearcache.NearCachedClientMapProxy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.internal.nearcache.NearCache;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.NearCachedMapProxyImpl;
import com.hazelcast.nearcache.NearCacheStats;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Hazelcast near cache (L1) of a map directly, so a lookup knows whether L1 answered
 * before it asks the grid. Works for client and member proxies; a map without a near cache has
 * no L1 and every probe misses.
 *
 * <p>Uses Hazelcast's internal near cache interface: the public API has no "peek" that reports
 * where a value came from.
 *
 * <p>It also keeps, beside each entry L1 has served, that entry's uncompressed copy
 * ({@link #uncompressedCopy}): still AES-GCM under the same key, but a hit on it skips inflating,
 * which is most of a hit's CPU. A copy is tied to the very object the near cache holds, so when
 * Hazelcast invalidates, evicts or replaces that object the copy is never used again; copies are
 * bounded by the near cache's own size.
 */
public final class NearCacheProbe {
    private final NearCache<Object, Object> nearCache;
    private final SerializationService serialization;
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private final int maxCopies;

    private NearCacheProbe(NearCache<Object, Object> nearCache, SerializationService serialization) {
        this.nearCache = nearCache;
        this.serialization = serialization;
        // A near cache of serialized values hands out a new object per read: nothing to tie a copy to.
        this.maxCopies = nearCache == null
                || nearCache.getNearCacheConfig().getInMemoryFormat() != InMemoryFormat.OBJECT
                ? 0 : nearCache.getNearCacheConfig().getEvictionConfig().getSize();
    }

    /** An uncompressed copy and the near cache object it was made from. */
    private record Copy(CacheEntry source, CacheEntry uncompressed) {
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

    /** The uncompressed copy kept for {@code l1Entry}, if it was made from that very near cache object. */
    public Optional<CacheEntry> uncompressedCopy(String key, CacheEntry l1Entry) {
        Copy copy = copies.get(key);
        return copy != null && copy.source() == l1Entry ? Optional.of(copy.uncompressed()) : Optional.empty();
    }

    /** Keeps {@code uncompressed} as the copy of the near cache object {@code l1Entry}. */
    public void keepUncompressedCopy(String key, CacheEntry l1Entry, CacheEntry uncompressed) {
        if (maxCopies == 0) {
            return;
        }
        if (copies.size() >= maxCopies && !copies.containsKey(key)) {
            dropOneCopy();
        }
        copies.put(key, new Copy(l1Entry, uncompressed));
    }

    // Which one does not matter much: the near cache does the real eviction, and a copy whose object
    // it has dropped is only waiting to be displaced.
    private void dropOneCopy() {
        Iterator<String> keys = copies.keySet().iterator();
        if (keys.hasNext()) {
            copies.remove(keys.next());
        }
    }

    /**
     * Drops this process's L1 record of {@code key}. Hazelcast's near cache also remembers that a
     * key was absent, until an invalidation from the writer arrives (batched, seconds on members);
     * a reader that knows another process has just written the key forgets first.
     */
    public void forget(String key) {
        copies.remove(key);
        if (nearCache != null) {
            nearCache.invalidate(nearCache.isSerializeKeys() ? serialization.toData(key) : key);
        }
    }

    /** Drops every L1 entry of this process. */
    public void clear() {
        copies.clear();
        if (nearCache != null) {
            nearCache.clear();
        }
    }

    /** Hazelcast's statistics of this near cache, if there is one. */
    public Optional<NearCacheStats> stats() {
        return nearCache == null ? Optional.empty() : Optional.of(nearCache.getNearCacheStats());
    }
}
