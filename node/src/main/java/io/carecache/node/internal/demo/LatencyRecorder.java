package io.carecache.node.internal.demo;

import io.carecache.LookupResult;
import io.carecache.Tier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Latencies per tier of a demo or load run, and their percentiles. Thread-safe. */
public final class LatencyRecorder {
    private final Map<Tier, List<Long>> nanosByTier = new EnumMap<>(Tier.class);

    public synchronized void record(LookupResult result) {
        nanosByTier.computeIfAbsent(result.tier(), t -> new ArrayList<>()).add(result.latency().toNanos());
    }

    public synchronized long count(Tier tier) {
        return nanosByTier.getOrDefault(tier, List.of()).size();
    }

    public synchronized long total() {
        return nanosByTier.values().stream().mapToLong(List::size).sum();
    }

    /** The {@code p}-th percentile (0..100) in microseconds, or 0 when the tier never answered. */
    public synchronized double percentileMicros(Tier tier, double p) {
        List<Long> values = new ArrayList<>(nanosByTier.getOrDefault(tier, List.of()));
        if (values.isEmpty()) {
            return 0;
        }
        Collections.sort(values);
        int index = (int) Math.ceil(p / 100.0 * values.size()) - 1;
        return values.get(Math.max(0, Math.min(values.size() - 1, index))) / 1000.0;
    }
}
