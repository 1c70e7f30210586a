package io.carecache.node.internal.semantic;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.BinaryOperatorEx;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.Sources;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the postings from the index with a batch Jet job: each live question goes to the bucket of
 * its persisted generation and cluster (no k-means), or, when that generation is not the group's
 * current one, to its nearest current centroid; unclustered questions to their unclustered bucket.
 * Buckets are merged into whatever appends arrived meanwhile (appends dedup by cache key).
 */
final class PostingsRebuild {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostingsRebuild.class);

    private PostingsRebuild() {
    }

    /** One question on its way to its bucket. */
    record Member(String key, float[] vector, String scope, String subject, byte[] sealedQuestion, long expiresAtMillis)
            implements Serializable {
    }

    /** Runs the rebuild to completion; returns the index's size (what the buckets were built from). */
    static int run(HazelcastInstance member, String answerMap) {
        long start = System.currentTimeMillis();
        HashMap<String, CentroidSet> sets = new HashMap<>(
                member.<String, CentroidSet>getMap(GridSemanticIndex.centroidMapName(answerMap)));
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.<String, IndexedQuestion>map(GridSemanticIndex.indexMapName(answerMap)))
                .filter(e -> e.getValue().expiresAtMillis() > start)
                .map(e -> Util.entry(route(e.getKey(), e.getValue(), sets), new Member(e.getKey(), e.getValue().vector(),
                        e.getValue().scope(), e.getValue().subjectHash(), e.getValue().sealedQuestion(),
                        e.getValue().expiresAtMillis())))
                .groupingKey(Map.Entry::getKey)
                .aggregate(AggregateOperations.mapping(Map.Entry::getValue, AggregateOperations.toList()))
                .map(bucket -> Util.entry(bucket.getKey(), postings(bucket.getValue(), start)))
                .writeTo(Sinks.<Map.Entry<String, Postings>, String, Postings>mapWithMerging(
                        GridSemanticIndex.postingsMapName(answerMap), Map.Entry::getKey, Map.Entry::getValue,
                        merge(start)));
        member.getJet().newJob(p, new JobConfig().setName("carecache-postings-rebuild-" + answerMap + "-" + start)).join();
        RemovedQuestions.prune(member, answerMap, start);
        // The index's size, not the buckets' (counting those would pull every vector to this member).
        int size = member.getMap(GridSemanticIndex.indexMapName(answerMap)).size();
        LOG.info("Semantic postings rebuilt from the index ({} questions) in {} ms", size, System.currentTimeMillis() - start);
        return size;
    }

    private static BinaryOperatorEx<Postings> merge(long now) {
        // What was appended meanwhile is newer than the rebuilt copy: it goes in last and wins.
        return (old, fresh) -> fresh.appendAll(old, now);
    }

    static String route(String key, IndexedQuestion q, Map<String, CentroidSet> sets) {
        CentroidSet set = sets.get(q.group());
        if (set == null) {
            return IndexedQuestion.unclusteredRoute(q.group(), key);
        }
        if (q.generation() == set.generation() && q.cluster() >= 0 && q.cluster() < set.centroids().length) {
            return set.route(q.cluster());
        }
        return set.route(KMeans.nearest(q.vector(), set.centroids()));
    }

    static Postings postings(List<Member> members, long now) {
        Postings p = new Postings(members.isEmpty() ? 0 : members.get(0).vector().length, Math.max(8, members.size()));
        for (Member m : members) {
            if (m.expiresAtMillis() > now) {
                p.add(m.key(), m.vector(), m.scope(), m.subject(), m.sealedQuestion(), m.expiresAtMillis());
            }
        }
        return p;
    }
}
