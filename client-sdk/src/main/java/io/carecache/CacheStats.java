package io.carecache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of one facade's statistics, in the seed's {@code get_cache_stats()} structure:
 * performance, security and optimization, plus the protections around them. Rates are fractions
 * of cache lookups (hits plus misses; bypassed and rate-limited requests are counted apart) and
 * always sum to 1.
 *
 * @param performance hit and miss rates per tier, writes, evictions
 * @param security encryption and PHI screening
 * @param optimization semantic clustering and warming
 * @param protection rate limiting and circuit breakers
 */
public record CacheStats(Performance performance, Security security, Optimization optimization, Protection protection) {

    /** Statistics without protection counters (none blocked, no breaker). */
    public CacheStats(Performance performance, Security security, Optimization optimization) {
        this(performance, security, optimization, new Protection(0, Map.of()));
    }

    /**
     * Hit rates per tier.
     *
     * @param totalRequests cache lookups: hits plus misses
     * @param l1Hits answers from the near cache
     * @param l2Hits answers from the grid's memory
     * @param l3Hits answers read through from MongoDB
     * @param semanticHits answers to a paraphrase
     * @param misses lookups no tier answered
     * @param bypasses requests that went around the cache because they carried PHI
     * @param overallHitRate hits / totalRequests
     * @param l1HitRate L1 hits / totalRequests
     * @param l2HitRate L2 hits / totalRequests
     * @param l3HitRate L3 hits / totalRequests
     * @param semanticHitRate semantic hits / totalRequests
     * @param missRate misses / totalRequests
     * @param writes answers stored
     * @param evictions near cache evictions plus corrupt entries evicted
     * @param corruptEntries entries that failed to authenticate or decode (tampered, unknown key)
     */
    public record Performance(long totalRequests, long l1Hits, long l2Hits, long l3Hits, long semanticHits,
                              long misses, long bypasses, double overallHitRate, double l1HitRate,
                              double l2HitRate, double l3HitRate, double semanticHitRate, double missRate,
                              long writes, long evictions, long corruptEntries) {
    }

    /**
     * Encryption and PHI screening.
     *
     * @param encryptionEnabled always true: every entry is AES-256-GCM encrypted
     * @param phiDetections PHI findings in queries, contexts and responses
     * @param phiDetectionsByCategory findings per category
     * @param phiExclusionsByCategory requests or responses kept out of the cache, per category
     * @param hipaaViolationsPrevented category exclusions in total
     * @param bypassedRequests requests that went around the cache
     * @param responsesWithheld computed answers carrying PHI, returned but not stored
     */
    public record Security(boolean encryptionEnabled, long phiDetections, Map<PhiCategory, Long> phiDetectionsByCategory,
                           Map<PhiCategory, Long> phiExclusionsByCategory, long hipaaViolationsPrevented,
                           long bypassedRequests, long responsesWithheld) {
        public Security {
            phiDetectionsByCategory = Map.copyOf(phiDetectionsByCategory);
            phiExclusionsByCategory = Map.copyOf(phiExclusionsByCategory);
        }
    }

    /**
     * Semantic clustering and warming.
     *
     * @param semanticClustersCreated clusters produced by the last k-means run
     * @param clusterCacheHits hits served through a semantic cluster
     * @param warmedEntries entries loaded into L2 ahead of demand
     */
    public record Optimization(long semanticClustersCreated, long clusterCacheHits, long warmedEntries) {
    }

    /**
     * Rate limiting and circuit breakers.
     *
     * @param rateLimitBlocks requests refused because the user's bucket was empty
     * @param circuitStates each breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}) by name, e.g. {@code pipeline}
     * @param auditEventsDropped audited accesses lost (one per access) because the audit sink could not take them
     */
    public record Protection(long rateLimitBlocks, Map<String, String> circuitStates, long auditEventsDropped) {
        public Protection {
            circuitStates = Map.copyOf(circuitStates);
        }

        /** Without dropped audit events. */
        public Protection(long rateLimitBlocks, Map<String, String> circuitStates) {
            this(rateLimitBlocks, circuitStates, 0);
        }
    }

    /** The seed's nested structure with its snake_case names, e.g. for JSON output. */
    public Map<String, Object> toMap() {
        Map<String, Object> perf = new LinkedHashMap<>();
        perf.put("total_requests", performance.totalRequests);
        perf.put("overall_hit_rate", performance.overallHitRate);
        perf.put("l1_hit_rate", performance.l1HitRate);
        perf.put("l2_hit_rate", performance.l2HitRate);
        perf.put("l3_hit_rate", performance.l3HitRate);
        perf.put("semantic_hit_rate", performance.semanticHitRate);
        perf.put("miss_rate", performance.missRate);
        perf.put("l1_hits", performance.l1Hits);
        perf.put("l2_hits", performance.l2Hits);
        perf.put("l3_hits", performance.l3Hits);
        perf.put("semantic_hits", performance.semanticHits);
        perf.put("misses", performance.misses);
        perf.put("writes", performance.writes);
        perf.put("evictions", performance.evictions);
        perf.put("corrupt_entries", performance.corruptEntries);
        Map<String, Object> sec = new LinkedHashMap<>();
        sec.put("encryption_enabled", security.encryptionEnabled);
        sec.put("phi_detections", security.phiDetections);
        sec.put("phi_detections_by_category", names(security.phiDetectionsByCategory));
        sec.put("phi_exclusions", names(security.phiExclusionsByCategory));
        sec.put("hipaa_violations_prevented", security.hipaaViolationsPrevented);
        sec.put("bypassed_requests", security.bypassedRequests);
        sec.put("responses_withheld", security.responsesWithheld);
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("semantic_clusters_created", optimization.semanticClustersCreated);
        opt.put("cluster_cache_hits", optimization.clusterCacheHits);
        opt.put("warmed_entries", optimization.warmedEntries);
        Map<String, Object> prot = new LinkedHashMap<>();
        prot.put("rate_limit_blocks", protection.rateLimitBlocks);
        prot.put("circuit_states", new TreeMap<>(protection.circuitStates));
        prot.put("audit_events_dropped", protection.auditEventsDropped);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("performance", perf);
        all.put("security", sec);
        all.put("optimization", opt);
        all.put("protection", prot);
        return all;
    }

    private static Map<String, Long> names(Map<PhiCategory, Long> byCategory) {
        Map<String, Long> out = new LinkedHashMap<>();
        byCategory.forEach((c, n) -> out.put(c.name(), n));
        return out;
    }
}
