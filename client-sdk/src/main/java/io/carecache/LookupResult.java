package io.carecache;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The outcome of a lookup: which tier answered, the answer if any, and how long it took.
 *
 * @param tier the tier that answered, {@link Tier#MISS} or {@link Tier#BYPASS}
 * @param response the answer: cached, or computed by {@code getOrCompute} (also on a bypass, where it
 *                 was computed for this caller only and stored nowhere); empty for a {@code lookup}
 *                 that missed or bypassed
 * @param latency time spent inside CareCache for this call
 * @param phiCategories the PHI categories that made the request bypass the cache; empty otherwise
 * @param similarity the similarity score of a {@link Tier#SEMANTIC} hit; empty otherwise
 * @param degraded whether a tier was unavailable (e.g. MongoDB down) while answering
 */
public record LookupResult(Tier tier, Optional<CareResponse> response, Duration latency,
                           Set<PhiCategory> phiCategories, OptionalDouble similarity, boolean degraded) {

    public LookupResult {
        phiCategories = Set.copyOf(phiCategories);
    }

    /** Whether an answer came from the cache. */
    public boolean isHit() {
        return tier.isHit();
    }
}
