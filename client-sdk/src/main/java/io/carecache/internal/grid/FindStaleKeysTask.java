package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs on one member (any: they share MongoDB) and pages through the keys its {@link StaleKeyFinder}
 * reports. Carries only the active key id and the paging position; returns keys, never a value.
 */
public final class FindStaleKeysTask implements Callable<List<String>>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean subjects;
    private final String activeKeyId;
    private final String afterKey;
    private final int limit;
    private transient HazelcastInstance member;

    public FindStaleKeysTask(boolean subjects, String activeKeyId, String afterKey, int limit) {
        this.subjects = subjects;
        this.activeKeyId = activeKeyId;
        this.afterKey = afterKey;
        this.limit = limit;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public List<String> call() {
        return StaleKeyFinder.of(member)
                .map(f -> subjects ? f.subjectKeys(activeKeyId, afterKey, limit) : f.entryKeys(activeKeyId, afterKey, limit))
                .orElse(List.of());
    }
}
