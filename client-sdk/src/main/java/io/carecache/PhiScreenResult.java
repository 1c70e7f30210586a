package io.carecache;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link PhiScreener#screen(String)} found: every detection, and the categories that make
 * the text unfit for the shared cache under the screener's {@link PhiPolicy}. Holds spans and
 * categories only, never the screened text, so {@link #toString()} is safe to log.
 *
 * @param findings detections in text order; spans do not overlap
 * @param excludedCategories categories of the findings the policy excludes; empty when the text may be cached
 */
public record PhiScreenResult(List<PhiFinding> findings, Set<PhiCategory> excludedCategories) {
    /** A result with no findings. */
    public static final PhiScreenResult CLEAN = new PhiScreenResult(List.of(), Set.of());

    public PhiScreenResult {
        findings = List.copyOf(findings);
        excludedCategories = excludedCategories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(excludedCategories));
    }

    /** Whether the policy keeps this text out of the cache. */
    public boolean excluded() {
        return !excludedCategories.isEmpty();
    }

    /** The categories of all findings, excluded or not. */
    public Set<PhiCategory> categories() {
        Set<PhiCategory> all = EnumSet.noneOf(PhiCategory.class);
        findings.forEach(f -> all.add(f.category()));
        return all;
    }
}
