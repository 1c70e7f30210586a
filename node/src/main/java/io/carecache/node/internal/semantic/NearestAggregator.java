package io.carecache.node.internal.semantic;

import com.hazelcast.aggregation.Aggregator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Scores indexed questions where they live: each member runs this over its own partitions'
 * entries that passed the isolation predicate and keeps only its best few, so a lookup moves a
 * handful of candidates over the network, not the vectors.
 */
final class NearestAggregator implements Aggregator<Map.Entry<String, IndexedQuestion>, List<Hit>> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::similarity).reversed();

    private final float[] query;
    private final int limit;
    private final double minSimilarity;
    private final long nowMillis;
    private ArrayList<Hit> best = new ArrayList<>();

    NearestAggregator(float[] query, int limit, double minSimilarity, long nowMillis) {
        this.query = query;
        this.limit = limit;
        this.minSimilarity = minSimilarity;
        this.nowMillis = nowMillis;
    }

    @Override
    public void accumulate(Map.Entry<String, IndexedQuestion> entry) {
        IndexedQuestion q = entry.getValue();
        if (q.expiresAtMillis() <= nowMillis || q.vector().length != query.length) {
            return;
        }
        double s = Embedder.cosine(query, q.vector());
        if (s >= minSimilarity) {
            offer(new Hit(entry.getKey(), s, q.sealedQuestion(), false));
        }
    }

    @Override
    public void combine(Aggregator aggregator) {
        for (Hit h : ((NearestAggregator) aggregator).best) {
            offer(h);
        }
    }

    @Override
    public List<Hit> aggregate() {
        return new ArrayList<>(best);
    }

    private void offer(Hit h) {
        if (best.size() < limit || h.similarity() > best.get(best.size() - 1).similarity()) {
            best.add(h);
            best.sort(BEST_FIRST);
            if (best.size() > limit) {
                best.remove(best.size() - 1);
            }
        }
    }
}
