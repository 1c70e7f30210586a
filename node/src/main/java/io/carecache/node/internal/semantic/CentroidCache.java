package io.carecache.node.internal.semantic;

import com.hazelcast.core.HazelcastInstance;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member's copy of the centroid sets it routes by. Not Hazelcast's near cache: its invalidation is
 * batched (up to seconds late), and a member routing by a generation whose buckets a run has just
 * deleted would miss. The clustering run tells every member to forget a group when it publishes
 * ({@link SemanticTasks.ForgetCentroids}) and waits for all of them; entries also expire after a
 * minute, in case a member missed that.
 */
final class CentroidCache {
    static final String KEY = "carecache.semantic.centroid-cache";
    private static final long MAX_AGE_MILLIS = 60_000;

    private record Cached(Optional<CentroidSet> set, long loadedAtMillis) {
    }

    private final ConcurrentHashMap<String, Cached> sets = new ConcurrentHashMap<>();
    private long epoch;

    static CentroidCache of(HazelcastInstance member) {
        Object c = member.getUserContext().get(KEY);
        if (c instanceof CentroidCache cache) {
            return cache;
        }
        throw new IllegalStateException("this member has no semantic index configuration; start it with CareCacheNode");
    }

    Optional<CentroidSet> get(HazelcastInstance member, String centroidMap, String group) {
        long now = System.currentTimeMillis();
        Cached c = sets.get(group);
        if (c != null && now - c.loadedAtMillis() < MAX_AGE_MILLIS) {
            return c.set();
        }
        long seen;
        synchronized (this) {
            seen = epoch;
        }
        Optional<CentroidSet> loaded = Optional.ofNullable(member.<String, CentroidSet>getMap(centroidMap).get(group));
        synchronized (this) {
            // A forget that came while loading may have made this value stale: don't keep it.
            if (seen == epoch) {
                sets.put(group, new Cached(loaded, now));
            }
        }
        return loaded;
    }

    synchronized void forgetAll() {
        epoch++;
        sets.clear();
    }
}
