package io.carecache;

import java.util.Set;

/**
 * The outcome of {@code store}: stored, or kept out of the cache because the query, context or
 * response carried PHI.
 *
 * @param stored whether the answer is now cached
 * @param phiCategories the PHI categories that kept it out; empty when stored
 */
public record StoreResult(boolean stored, Set<PhiCategory> phiCategories) {
    public StoreResult {
        phiCategories = Set.copyOf(phiCategories);
    }

    static StoreResult ok() {
        return new StoreResult(true, Set.of());
    }

    static StoreResult bypassed(Set<PhiCategory> categories) {
        return new StoreResult(false, categories);
    }
}
