package io.carecache.node.internal.load;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.LocalMapStats;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.Callable;

/**
 * Runs on a member (through its executor service): collects garbage, then reports the heap in use
 * and what Hazelcast counts for the entry map's owned and backup entries. The load generator's
 * memory scenario asks every member before and after storing its entries.
 */
final class HeapProbe implements Callable<long[]>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    static final int USED_HEAP = 0;
    static final int OWNED_COST = 1;
    static final int BACKUP_COST = 2;
    static final int OWNED_ENTRIES = 3;
    static final int BACKUP_ENTRIES = 4;

    private final String mapName;
    private transient HazelcastInstance hazelcast;

    HeapProbe(String mapName) {
        this.mapName = mapName;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hazelcast = instance;
    }

    @Override
    public long[] call() {
        // Two collections: the first may only promote what the second frees (G1 mixed collections).
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        LocalMapStats stats = hazelcast.getMap(mapName).getLocalMapStats();
        return new long[] {heap.getUsed(), stats.getOwnedEntryMemoryCost(), stats.getBackupEntryMemoryCost(),
                stats.getOwnedEntryCount(), stats.getBackupEntryCount()};
    }
}
