package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.MapInterceptor;

/**
 * Runs on the member that owns a key and marks the entry a get returns as loaded from L3 when
 * that very get caused the MapStore load ({@link MemberReadLog}). Every other read returns the
 * entry unchanged (origin L2). This is how a client tells an L2 hit from an L3 read-through
 * in a single round trip. It also counts the read for the batched hit counts in L3.
 *
 * <p>Hazelcast injects the member: {@code IMap.addInterceptor} on a member's proxy injects the
 * local instance, and members that receive the registration inject their own on deserializing it.
 */
public final class TierInterceptor implements MapInterceptor, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient volatile MemberReadLog log;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.log = MemberReadLog.of(member);
    }

    @Override
    public Object interceptGet(Object value) {
        MemberReadLog l = log;
        if (l == null || !(value instanceof CacheEntry entry)) {
            return value;
        }
        l.recordHit(entry.key());
        if (l.consumeLoaded(entry.key())) {
            return entry.loadedFromL3();
        }
        // An entry read as L3 and written back keeps its marker in the record; report it as L2.
        return entry.origin() == CacheEntry.ORIGIN_L2 ? value : entry.withOrigin(CacheEntry.ORIGIN_L2);
    }

    @Override
    public void afterGet(Object value) {
        // attribution only
    }

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        return newValue;
    }

    @Override
    public void afterPut(Object value) {
        // attribution only
    }

    @Override
    public Object interceptRemove(Object removedValue) {
        // A remove loads the old value through the MapStore first; that load is no read, so its
        // mark must not make the next read of a re-stored entry look like an L3 read.
        MemberReadLog l = log;
        if (l != null && removedValue instanceof CacheEntry entry) {
            l.consumeLoaded(entry.key());
        }
        return removedValue;
    }

    @Override
    public void afterRemove(Object value) {
        // attribution only
    }

    // One interceptor per map however many clients register it: Hazelcast keys interceptors by
    // class name and hash code.
    @Override
    public int hashCode() {
        return TierInterceptor.class.getName().hashCode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TierInterceptor;
    }
}
