package io.carecache.node;

import com.hazelcast.core.HazelcastInstance;
import io.carecache.CacheSettings;
import io.carecache.SemanticIndex;
import io.carecache.node.internal.semantic.GridSemanticIndex;

/**
 * Semantic hits for a {@link io.carecache.CareCache}: the grid's semantic index, usable from a
 * member or a thin client of a cluster of {@link CareCacheNode} members (they embed questions with
 * BGE-small-en-v1.5 and score candidates next to the data).
 *
 * <pre>{@code
 * CareCache cache = CareCache.builder(client).keyRing(ring)
 *         .semanticIndex(SemanticGrid.index(client, CacheSettings.DEFAULTS)).build();
 * }</pre>
 */
public final class SemanticGrid {
    private SemanticGrid() {
    }

    /** The semantic index of the grid {@code hazelcast} belongs to, beside the answer map of {@code settings}. */
    public static SemanticIndex index(HazelcastInstance hazelcast, CacheSettings settings) {
        return new GridSemanticIndex(hazelcast, settings.mapName());
    }
}
