package io.carecache.node.internal.semantic;

import com.hazelcast.collection.IList;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The batch Jet job clustering the semantic index: reads {@code <map>-semantic}, groups the live
 * questions by context fingerprint and model, runs spherical k-means (k-means++ seeding, fixed seed)
 * in each group, and gives the run a new generation. In order:
 * <ol>
 *   <li>the job writes the new generation's buckets to {@code <map>-postings} (from the snapshot
 *       it read), each question's generation and cluster to the index (unless it changed since the
 *       job read it) and to its answer's L3 document ({@code metadata.semantic_cluster}), and
 *       stages the centroid sets;</li>
 *   <li>the driver prunes from the buckets the questions removed since the job started
 *       ({@link RemovedQuestions});</li>
 *   <li>the driver publishes the centroid sets to {@code <map>-centroids} and has every member
 *       forget its cached copy (lookups and indexing use the new generation from then on);</li>
 *   <li>the sweep moves questions still of an older generation (indexed while the job ran) into
 *       the new generation's buckets;</li>
 *   <li>the older generations' buckets of the clustered groups are deleted.</li>
 * </ol>
 * An indexing task checks the generation again after its write and moves its question itself if
 * a run published meanwhile, so a question indexed during a run is missed only in the short window
 * between publish and its move (or the sweep): lookups then look in the new buckets, where it is
 * not yet.
 */
final class ClusteringJob {
    /** User-context key of the member's L3 entry collection (absent: L3 is not updated). */
    static final String L3_COLLECTION = "carecache.semantic.l3-entries";

    private ClusteringJob() {
    }

    /** A question travelling to its group's clustering. */
    record Point(String key, String fingerprint, String modelId, float[] vector, String scope, String subject,
                 byte[] sealedQuestion, long expiresAtMillis, long generation, int cluster) implements Serializable {
        String group() {
            return CentroidSet.group(fingerprint, modelId);
        }
    }

    /** One question's cluster, and what it was when the job read it. */
    record Assignment(String key, int cluster, long generation, long readGeneration, int readCluster,
                      long expiresAtMillis) implements Serializable {
    }

    /** One group's outcome. */
    record Clustered(String group, CentroidSet centroids, ArrayList<Point> points, int[] assignment) implements Serializable {
        List<Assignment> assignments() {
            List<Assignment> out = new ArrayList<>(points.size());
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                out.add(new Assignment(p.key(), assignment[i], centroids.generation(), p.generation(), p.cluster(),
                        p.expiresAtMillis()));
            }
            return out;
        }

        /** The new generation's buckets, built from the snapshot. */
        List<Map.Entry<String, Postings>> buckets() {
            int dims = points.isEmpty() ? 0 : points.get(0).vector().length;
            int[] counts = new int[centroids.centroids().length];
            for (int c : assignment) {
                counts[c]++;
            }
            Postings[] buckets = new Postings[counts.length];
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                int c = assignment[i];
                if (buckets[c] == null) {
                    buckets[c] = new Postings(dims, counts[c]);
                }
                buckets[c].add(p.key(), p.vector(), p.scope(), p.subject(), p.sealedQuestion(), p.expiresAtMillis());
            }
            List<Map.Entry<String, Postings>> out = new ArrayList<>();
            for (int c = 0; c < buckets.length; c++) {
                if (buckets[c] != null) {
                    out.add(Util.entry(centroids.route(c), buckets[c]));
                }
            }
            return out;
        }
    }

    /** Runs the job to completion on the cluster {@code member} belongs to. */
    static SemanticMaintenance.Run run(HazelcastInstance member, String answerMap, SemanticSettings settings) {
        long start = System.currentTimeMillis();
        String indexMap = GridSemanticIndex.indexMapName(answerMap);
        String centroidMap = GridSemanticIndex.centroidMapName(answerMap);
        String postingsMap = GridSemanticIndex.postingsMapName(answerMap);
        long previous = 0;
        for (CentroidSet s : member.<String, CentroidSet>getMap(centroidMap).values()) {
            previous = Math.max(previous, s.generation());
        }
        // Generations only grow, even if the clock stepped back.
        long generation = Math.max(start, previous + 1);
        String staging = centroidMap + "-staged-" + generation;
        Pipeline p = Pipeline.create();
        int maxClusters = settings.maxClusters();
        long seed = settings.seed();
        int maxIterations = settings.maxIterations();
        BatchStage<Clustered> clustered = p.readFrom(Sources.<String, IndexedQuestion>map(indexMap))
                .filter(e -> e.getValue().expiresAtMillis() > start)
                .map(e -> point(e.getKey(), e.getValue()))
                .groupingKey(Point::group)
                .aggregate(AggregateOperations.toList())
                .map(group -> cluster(group.getKey(), group.getValue(), maxClusters, seed, maxIterations, start, generation))
                .setName("spherical-k-means");
        clustered.map(Clustered::centroids).writeTo(Sinks.list(staging));
        clustered.flatMap(c -> Traversers.traverseIterable(c.buckets())).writeTo(Sinks.map(postingsMap));
        BatchStage<Assignment> assignments = clustered.flatMap(c -> Traversers.traverseIterable(c.assignments()));
        assignments.writeTo(Sinks.<Assignment, String, IndexedQuestion, Boolean>mapWithEntryProcessor(indexMap,
                Assignment::key, a -> new SemanticTasks.Place(a.readGeneration(), a.readCluster(), a.expiresAtMillis(),
                        a.generation(), a.cluster())));
        assignments.writeTo(l3Sink());
        member.getJet().newJob(p, new JobConfig().setName("carecache-k-means-" + indexMap + "-" + start)).join();
        int pruned = RemovedQuestions.prune(member, answerMap, start).size();

        IList<CentroidSet> staged = member.getList(staging);
        Map<String, CentroidSet> published = new HashMap<>();
        for (CentroidSet s : staged) {
            published.put(CentroidSet.group(s.fingerprint(), s.modelId()), s);
        }
        member.<String, CentroidSet>getMap(centroidMap).putAll(published);
        staged.destroy();
        forgetCentroidsEverywhere(member);
        int swept = sweep(member, answerMap, published);
        int deleted = deleteOlderBuckets(member, postingsMap, published);
        int clusters = 0;
        int entries = 0;
        for (CentroidSet s : published.values()) {
            clusters += s.centroids().length;
            entries += s.entries();
        }
        LOG.debug("Clustering generation {}: {} removed questions pruned, {} questions swept in, {} older buckets deleted",
                generation, pruned, swept, deleted);
        return new SemanticMaintenance.Run(published.size(), clusters, entries, System.currentTimeMillis() - start);
    }

    private static Point point(String key, IndexedQuestion q) {
        return new Point(key, q.fingerprint(), q.modelId(), q.vector(), q.scope(), q.subjectHash(), q.sealedQuestion(),
                q.expiresAtMillis(), q.generation(), q.cluster());
    }

    private static void forgetCentroidsEverywhere(HazelcastInstance member) {
        for (Future<Boolean> f : member.getExecutorService(GridSemanticIndex.EXECUTOR)
                .submitToAllMembers(new SemanticTasks.ForgetCentroids()).values()) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing centroids", e);
            } catch (ExecutionException | TimeoutException e) {
                // A member that missed it reloads within a minute (CentroidCache).
                LOG.warn("A member did not confirm the new centroids: {}", e.toString());
            }
        }
    }

    /** Questions of a clustered group still of an older generation: indexed while the job ran. */
    record StaleGeneration(Map<String, Long> generations, long now) implements Predicate<String, IndexedQuestion> {
        @Override
        public boolean apply(Map.Entry<String, IndexedQuestion> entry) {
            IndexedQuestion q = entry.getValue();
            Long g = generations.get(q.group());
            return g != null && q.generation() < g && q.expiresAtMillis() > now;
        }
    }

    static int sweep(HazelcastInstance member, String answerMap, Map<String, CentroidSet> published) {
        HashMap<String, Long> generations = new HashMap<>();
        published.forEach((g, s) -> generations.put(g, s.generation()));
        SemanticTasks.Maps maps = new SemanticTasks.Maps(member, answerMap);
        long now = System.currentTimeMillis();
        int moved = 0;
        for (Map.Entry<String, IndexedQuestion> e : maps.index().entrySet(new StaleGeneration(generations, now))) {
            SemanticTasks.reroute(maps, e.getKey(), e.getValue(), published.get(e.getValue().group()), now);
            moved++;
        }
        return moved;
    }

    private static int deleteOlderBuckets(HazelcastInstance member, String postingsMap, Map<String, CentroidSet> published) {
        IMap<String, Postings> postings = member.getMap(postingsMap);
        int deleted = 0;
        for (String route : postings.keySet()) {
            CentroidSet s = published.get(IndexedQuestion.groupOf(route));
            if (s != null && IndexedQuestion.generationOf(route) < s.generation()) {
                postings.delete(route);
                deleted++;
            }
        }
        return deleted;
    }

    static Clustered cluster(String group, List<Point> points, int maxClusters, long seed, int maxIterations, long now,
                             long generation) {
        // Arrival order depends on partitions and members: sort, so the same index gives the same clusters.
        ArrayList<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(Point::key));
        List<float[]> vectors = sorted.stream().map(Point::vector).toList();
        KMeans.Result r = KMeans.run(vectors, KMeans.clustersFor(vectors.size(), maxClusters), seed, maxIterations);
        Point first = sorted.get(0);
        return new Clustered(group, new CentroidSet(first.fingerprint(), first.modelId(), r.centroids(), sorted.size(), now,
                generation), sorted, r.assignment());
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
