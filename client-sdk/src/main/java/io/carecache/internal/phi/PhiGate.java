package io.carecache.internal.phi;

import io.carecache.CacheRequest;
import io.carecache.CareResponse;
import io.carecache.PhiCategory;
import io.carecache.PhiFinding;
import io.carecache.PhiScreenResult;
import io.carecache.PhiScreener;
import io.carecache.internal.stats.TierCounters;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the facade screens: the query and every context value of a request (care contexts and
 * cohort values), and the generated text of a response. Counts every finding as a detection and
 * every excluded category as an exclusion. Returns categories only; no text leaves this class.
 */
public final class PhiGate {
    /** Clean request texts remembered (cleared when full): assistants ask the same questions again and again. */
    static final int MAX_REMEMBERED_CLEAN = 10_000;
    /** Longer texts are screened every time rather than remembered. */
    static final int MAX_REMEMBERED_CHARS = 512;

    // Only texts with no finding at all: a remembered text skips nothing that would be counted.
    private final Set<String> cleanRequestTexts = ConcurrentHashMap.newKeySet();
    private final PhiScreener screener;
    private final TierCounters counters;

    public PhiGate(PhiScreener screener, TierCounters counters) {
        this.screener = screener;
        this.counters = counters;
        PhiScreener.warmUp();
    }

    /** The categories that keep this request out of the cache; empty when it may use the cache. */
    public Set<PhiCategory> screen(CacheRequest request) {
        Set<PhiCategory> excluded = EnumSet.noneOf(PhiCategory.class);
        checkRequestText(request.query(), excluded);
        for (String context : request.context().careContexts()) {
            checkRequestText(context, excluded);
        }
        for (String value : request.context().cohort().values()) {
            checkRequestText(value, excluded);
        }
        return count(excluded);
    }

    /** The categories that keep this answer out of the cache; empty when it may be stored. */
    public Set<PhiCategory> screen(CareResponse response) {
        Set<PhiCategory> excluded = EnumSet.noneOf(PhiCategory.class);
        check(response.aiResponse(), excluded);
        return count(excluded);
    }

    /** The categories that would keep this answer out of the cache, without counting them again. */
    public Set<PhiCategory> categoriesOf(CareResponse response) {
        return screener.screen(response.aiResponse()).excludedCategories();
    }

    private void checkRequestText(String text, Set<PhiCategory> excluded) {
        if (text.length() > MAX_REMEMBERED_CHARS) {
            check(text, excluded);
        } else if (!cleanRequestTexts.contains(text) && check(text, excluded)) {
            if (cleanRequestTexts.size() >= MAX_REMEMBERED_CLEAN) {
                cleanRequestTexts.clear();
            }
            cleanRequestTexts.add(text);
        }
    }

    /** Screens and counts; true when the text has no finding at all. */
    private boolean check(String text, Set<PhiCategory> excluded) {
        PhiScreenResult result = screener.screen(text);
        for (PhiFinding f : result.findings()) {
            counters.phiDetected(f.category());
        }
        excluded.addAll(result.excludedCategories());
        return result.findings().isEmpty();
    }

    private Set<PhiCategory> count(Set<PhiCategory> excluded) {
        excluded.forEach(counters::phiExcluded);
        return excluded.isEmpty() ? Set.of() : Set.copyOf(excluded);
    }
}
