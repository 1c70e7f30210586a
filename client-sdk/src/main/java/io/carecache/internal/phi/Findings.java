package io.carecache.internal.phi;

import io.carecache.PhiCategory;
import io.carecache.PhiFinding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects raw detections and resolves overlaps: the more confident one wins, then the longer.
 * Characters already claimed are tracked in a bit set so later detectors can skip them cheaply;
 * resolution is O(k log k) in the number of detections.
 */
final class Findings {
    private final List<PhiFinding> raw = new ArrayList<>();
    private final BitSet claimed = new BitSet();

    void add(PhiCategory category, int start, int end, double confidence) {
        if (end > start) {
            raw.add(new PhiFinding(category, start, end, Math.min(0.99, confidence)));
            claimed.set(start, end);
        }
    }

    /** Whether any character in [start, end) is part of an earlier detection. */
    boolean overlapsAny(int start, int end) {
        int next = claimed.nextSetBit(start);
        return next >= 0 && next < end;
    }

    List<PhiFinding> resolve() {
        if (raw.size() <= 1) {
            return List.copyOf(raw);
        }
        List<PhiFinding> byStrength = new ArrayList<>(raw);
        byStrength.sort(Comparator.comparingDouble(PhiFinding::confidence).reversed()
                .thenComparing(Comparator.comparingInt((PhiFinding f) -> f.end() - f.start()).reversed())
                .thenComparingInt(PhiFinding::start));
        TreeMap<Integer, PhiFinding> kept = new TreeMap<>();
        for (PhiFinding f : byStrength) {
            Map.Entry<Integer, PhiFinding> before = kept.floorEntry(f.start());
            if (before != null && before.getValue().end() > f.start()) {
                continue;
            }
            Map.Entry<Integer, PhiFinding> after = kept.ceilingEntry(f.start());
            if (after != null && after.getKey() < f.end()) {
                continue;
            }
            kept.put(f.start(), f);
        }
        return List.copyOf(kept.values());
    }
}
