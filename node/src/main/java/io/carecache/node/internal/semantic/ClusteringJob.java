package io.carecache.node.internal.semantic;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.BatchStage;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.Sources;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.carecache.node.SemanticSettings;
import org.bson.Document;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The batch Jet job clustering the semantic index: reads {@code <map>-semantic}, groups the live
 * questions by context fingerprint and model, runs spherical k-means (k-means++ seeding, fixed seed)
 * in each group, and writes the centroids to {@code <map>-centroids}, each question's cluster to
 * the index and to its answer's L3 document ({@code metadata.semantic_cluster}).
 */
final class ClusteringJob {
    /** User-context key of the member's L3 entry collection (absent: L3 is not updated). */
    static final String L3_COLLECTION = "carecache.semantic.l3-entries";

    private ClusteringJob() {
    }

    /** A question's vector travelling to its group's clustering. */
    record Point(String key, String fingerprint, String modelId, float[] vector) implements Serializable {
        String group() {
            return CentroidSet.group(fingerprint, modelId);
        }
    }

    /** One question's cluster. */
    record Assignment(String key, int cluster) implements Serializable {
    }

    /** One group's outcome. */
    record Clustered(String group, CentroidSet centroids, ArrayList<Assignment> assignments) implements Serializable {
    }

    /** Runs the job to completion on the cluster {@code member} belongs to. */
    static SemanticMaintenance.Run run(HazelcastInstance member, String indexMap, String centroidMap, SemanticSettings settings) {
        long start = System.currentTimeMillis();
        Pipeline p = Pipeline.create();
        int maxClusters = settings.maxClusters();
        long seed = settings.seed();
        int maxIterations = settings.maxIterations();
        BatchStage<Clustered> clustered = p.readFrom(Sources.<String, IndexedQuestion>map(indexMap))
                .filter(e -> e.getValue().expiresAtMillis() > start)
                .map(e -> new Point(e.getKey(), e.getValue().fingerprint(), e.getValue().modelId(), e.getValue().vector()))
                .groupingKey(Point::group)
                .aggregate(AggregateOperations.toList())
                .map(group -> cluster(group.getKey(), group.getValue(), maxClusters, seed, maxIterations, start))
                .setName("spherical-k-means");
        clustered.map(c -> Util.entry(c.group(), c.centroids())).writeTo(Sinks.map(centroidMap));
        BatchStage<Assignment> assignments = clustered.flatMap(c -> Traversers.traverseIterable(c.assignments()));
        assignments.writeTo(Sinks.<Assignment, String, IndexedQuestion>mapWithUpdating(indexMap, Assignment::key,
                (old, a) -> old == null ? null : old.withCluster(a.cluster())));
        assignments.writeTo(l3Sink());
        member.getJet().newJob(p, new JobConfig().setName("carecache-k-means-" + indexMap + "-" + start)).join();
        int groups = 0;
        int clusters = 0;
        int entries = 0;
        for (CentroidSet s : member.<String, CentroidSet>getMap(centroidMap).values()) {
            if (s.builtAtMillis() == start) {
                groups++;
                clusters += s.centroids().length;
                entries += s.entries();
            }
        }
        return new SemanticMaintenance.Run(groups, clusters, entries, System.currentTimeMillis() - start);
    }

    static Clustered cluster(String group, List<Point> points, int maxClusters, long seed, int maxIterations, long now) {
        // Arrival order depends on partitions and members: sort, so the same index gives the same clusters.
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(Point::key));
        List<float[]> vectors = sorted.stream().map(Point::vector).toList();
        KMeans.Result r = KMeans.run(vectors, KMeans.clustersFor(vectors.size(), maxClusters), seed, maxIterations);
        ArrayList<Assignment> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            out.add(new Assignment(sorted.get(i).key(), r.assignment()[i]));
        }
        Point first = sorted.get(0);
        return new Clustered(group, new CentroidSet(first.fingerprint(), first.modelId(), r.centroids(), sorted.size(), now), out);
    }

    // Each member's sink writes the clusters of the assignments it receives, in unordered batches.
    private static Sink<Assignment> l3Sink() {
        return SinkBuilder.sinkBuilder("l3-semantic-cluster", ctx -> new L3Writer(
                        ctx.hazelcastInstance().getConfig().getUserContext().get(L3_COLLECTION)))
                .<Assignment>receiveFn(L3Writer::add)
                .flushFn(L3Writer::flush)
                .destroyFn(L3Writer::flush)
                .build();
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusteringJob.class);

    private static final class L3Writer {
        private static final int BATCH = 1000;
        private final MongoCollection<Document> collection;
        private final List<WriteModel<Document>> pending = new ArrayList<>();

        @SuppressWarnings("unchecked")
        L3Writer(Object collection) {
            this.collection = collection instanceof MongoCollection<?> c ? (MongoCollection<Document>) c : null;
        }

        void add(Assignment a) {
            if (collection == null) {
                return;
            }
            pending.add(new UpdateOneModel<>(Filters.eq("_id", a.key()), Updates.set("metadata.semantic_cluster", a.cluster())));
            if (pending.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            try {
                collection.bulkWrite(new ArrayList<>(pending), new BulkWriteOptions().ordered(false));
            } catch (RuntimeException e) {
                // Best effort: the grid has the clusters, the next run writes L3 again.
                LOG.warn("Could not write {} semantic clusters to L3: {}", pending.size(), e.getMessage());
            } finally {
                pending.clear();
            }
        }
    }
}
