package io.carecache.internal.stats;

import io.carecache.CacheStats;
import io.carecache.PhiCategory;
import io.carecache.Tier;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters behind {@code stats()}. Totals are derived from the per-tier counters rather than kept
 * separately, so a snapshot taken under concurrency is always self-consistent: rates sum to 1.
 */
public final class TierCounters {
    private final Map<Tier, LongAdder> lookups = new EnumMap<>(Tier.class);
    private final Map<PhiCategory, LongAdder> phiDetections = new EnumMap<>(PhiCategory.class);
    private final Map<PhiCategory, LongAdder> phiExclusions = new EnumMap<>(PhiCategory.class);
    private final LongAdder writes = new LongAdder();
    private final LongAdder corruptEntries = new LongAdder();
    private final LongAdder responsesWithheld = new LongAdder();
    private final LongAdder rateLimitBlocks = new LongAdder();
    private final LongAdder clusterHits = new LongAdder();

    public TierCounters() {
        for (Tier t : Tier.values()) {
            lookups.put(t, new LongAdder());
        }
        for (PhiCategory c : PhiCategory.values()) {
            phiDetections.put(c, new LongAdder());
            phiExclusions.put(c, new LongAdder());
        }
    }

    public void lookup(Tier tier) {
        lookups.get(tier).increment();
    }

    public void write() {
        writes.increment();
    }

    /** An entry that failed to authenticate or decode and was evicted. */
    public void corruptEntry() {
        corruptEntries.increment();
    }

    public void phiDetected(PhiCategory category) {
        phiDetections.get(category).increment();
    }

    public void phiExcluded(PhiCategory category) {
        phiExclusions.get(category).increment();
    }

    /** A computed answer that carried PHI and was returned but not stored. */
    public void responseWithheld() {
        responsesWithheld.increment();
    }

    /** A semantic hit found by searching the nearest clusters only. */
    public void clusterHit() {
        clusterHits.increment();
    }

    /** A request refused because its user's bucket was empty. */
    public void rateLimited() {
        rateLimitBlocks.increment();
    }

    /** A snapshot; {@code nearCacheEvictions} comes from Hazelcast's near cache statistics. */
    public CacheStats snapshot(long nearCacheEvictions) {
        return snapshot(nearCacheEvictions, Map.of());
    }

    /** A snapshot with the circuit breakers' states by name. */
    public CacheStats snapshot(long nearCacheEvictions, Map<String, String> circuitStates) {
        return snapshot(nearCacheEvictions, circuitStates, 0);
    }

    /** A snapshot with the circuit breakers' states and the audit events dropped so far. */
    public CacheStats snapshot(long nearCacheEvictions, Map<String, String> circuitStates, long auditEventsDropped) {
        long l1 = count(Tier.L1);
        long l2 = count(Tier.L2);
        long l3 = count(Tier.L3);
        long semantic = count(Tier.SEMANTIC);
        long miss = count(Tier.MISS);
        long bypass = count(Tier.BYPASS);
        long total = l1 + l2 + l3 + semantic + miss;
        CacheStats.Performance performance = new CacheStats.Performance(total, l1, l2, l3, semantic, miss, bypass,
                rate(l1 + l2 + l3 + semantic, total), rate(l1, total), rate(l2, total), rate(l3, total),
                rate(semantic, total), rate(miss, total), writes.sum(), nearCacheEvictions + corruptEntries.sum(),
                corruptEntries.sum());
        Map<PhiCategory, Long> detections = sums(phiDetections);
        Map<PhiCategory, Long> exclusions = sums(phiExclusions);
        long prevented = exclusions.values().stream().mapToLong(Long::longValue).sum();
        CacheStats.Security security = new CacheStats.Security(true,
                detections.values().stream().mapToLong(Long::longValue).sum(), detections, exclusions,
                prevented, bypass, responsesWithheld.sum());
        return new CacheStats(performance, security, new CacheStats.Optimization(0, clusterHits.sum(), 0),
                new CacheStats.Protection(rateLimitBlocks.sum(), circuitStates, auditEventsDropped));
    }

    private long count(Tier tier) {
        return lookups.get(tier).sum();
    }

    private static Map<PhiCategory, Long> sums(Map<PhiCategory, LongAdder> counters) {
        Map<PhiCategory, Long> out = new EnumMap<>(PhiCategory.class);
        counters.forEach((c, n) -> {
            long v = n.sum();
            if (v > 0) {
                out.put(c, v);
            }
        });
        return out;
    }

    private static double rate(long part, long total) {
        return total == 0 ? 0.0 : (double) part / total;
    }
}
