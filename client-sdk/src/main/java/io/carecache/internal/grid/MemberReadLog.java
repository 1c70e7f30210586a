package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Member-local record of reads of the entry map, kept in the member's user context (one per
 * member, no static state):
 * <ul>
 *   <li>keys the MapStore just loaded from L3, so the read that caused the load is attributed to
 *       L3 and every later read to L2 ({@link #markLoaded}, {@link #consumeLoaded});</li>
 *   <li>hit counts per key since the last drain, which the node writes to MongoDB in batches
 *       ({@link #recordHit}, {@link #drainHits}).</li>
 * </ul>
 * Load marks nobody consumes (a load for {@code getAll}, say) are dropped after
 * {@link #STALE_AFTER_NANOS} so the map stays small.
 */
public final class MemberReadLog {
    static final long STALE_AFTER_NANOS = 30_000_000_000L;
    private static final String USER_CONTEXT_KEY = "carecache.member-read-log";
    private static final int PRUNE_THRESHOLD = 10_000;

    private final ConcurrentMap<String, Long> loadedAt = new ConcurrentHashMap<>();
    private volatile ConcurrentMap<String, LongAdder> hits = new ConcurrentHashMap<>();

    /** The log of this member, created on first use. */
    public static MemberReadLog of(HazelcastInstance member) {
        return (MemberReadLog) member.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, k -> new MemberReadLog());
    }

    /** Called by the loader after a key was read from L3. */
    public void markLoaded(String key) {
        if (loadedAt.size() > PRUNE_THRESHOLD) {
            long now = System.nanoTime();
            loadedAt.values().removeIf(at -> now - at >= STALE_AFTER_NANOS);
        }
        loadedAt.put(key, System.nanoTime());
    }

    /** Whether {@code key} was loaded since the last read of it; clears the mark. */
    public boolean consumeLoaded(String key) {
        Long at = loadedAt.remove(key);
        return at != null && System.nanoTime() - at < STALE_AFTER_NANOS;
    }

    /** Counts one read of {@code key} answered by this member. */
    public void recordHit(String key) {
        hits.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The hit counts since the last drain, per key; the log starts counting afresh. */
    public Map<String, Long> drainHits() {
        ConcurrentMap<String, LongAdder> drained = hits;
        hits = new ConcurrentHashMap<>();
        Map<String, Long> out = new java.util.HashMap<>(drained.size());
        drained.forEach((k, n) -> out.put(k, n.sum()));
        return out;
    }
}
