package io.carecache.node.internal.semantic;

import com.hazelcast.config.Config;
import com.hazelcast.config.EventJournalConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.JournalInitialPosition;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.WindowDefinition;
import com.hazelcast.map.IMap;
import com.hazelcast.projection.Projections;
import com.hazelcast.query.Predicates;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.carecache.node.SemanticSettings;
import org.bson.Document;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which semantic clusters are in demand, and warming them.
 * <ul>
 *   <li>The lookup log: each member turns the read counts it drains for L3 (every hit-flush
 *       interval) into per-cluster counts, via the co-located index entries, and writes them to
 *       {@code <map>-lookups}, whose event journal is the stream.</li>
 *   <li>A streaming Jet job sums those counts per cluster in sliding windows and writes each
 *       cluster's request rate to {@code <map>-hot-clusters} (kept in MongoDB, so a restarted
 *       cluster knows what was hot).</li>
 *   <li>Warming loads the hottest clusters' most-used entries (by L3 access count) from L3 into L2
 *       with {@code IMap.loadAll(keys, false)}, hottest first.</li>
 * </ul>
 */
final class HotClusters {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HotClusters.class);

    private HotClusters() {
    }

    static String lookupMapName(String answerMap) {
        return answerMap + "-lookups";
    }

    static String hotMapName(String answerMap) {
        return answerMap + "-hot-clusters";
    }

    /** Reads of one cluster's entries counted by one member since its last flush. */
    record ClusterReads(String group, long generation, int cluster, long reads) implements Serializable {
        String key() {
            return IndexedQuestion.route(group, generation, cluster);
        }
    }

    /**
     * A cluster's request rate in the last window.
     *
     * @param group the centroid group (fingerprint and model)
     * @param generation the clustering run the cluster belongs to (cluster ids are per run)
     * @param cluster the cluster within it
     * @param readsPerSecond reads of its entries per second over the window
     * @param windowEndMillis when the window ended
     */
    record Hot(String group, long generation, int cluster, double readsPerSecond, long windowEndMillis) implements Serializable {
        String fingerprint() {
            return group.substring(0, group.indexOf('|'));
        }
    }

    static void configure(Config config, String answerMap) {
        config.addMapConfig(new MapConfig(lookupMapName(answerMap)).setBackupCount(0)
                .setEventJournalConfig(new EventJournalConfig().setEnabled(true).setCapacity(10_000)));
        config.addMapConfig(new MapConfig(hotMapName(answerMap)).setBackupCount(1));
    }

    static void configureStore(Config config, String answerMap, MongoDatabase database) {
        config.getMapConfig(hotMapName(answerMap)).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER).setWriteDelaySeconds(0)
                .setImplementation(MongoSemanticStores.hotStore(database)));
    }

    /** The lookup log writer for one member's drained read counts. */
    static Consumer<Map<String, Long>> lookupLog(HazelcastInstance member, String answerMap) {
        String indexMap = GridSemanticIndex.indexMapName(answerMap);
        String lookupMap = lookupMapName(answerMap);
        return hits -> {
            // A query, not get(): a key missing from the index must not go to MongoDB.
            Collection<Object[]> rows = member.<String, IndexedQuestion>getMap(indexMap).project(
                    Projections.multiAttribute("__key", "fingerprint", "modelId", "cluster", "generation"),
                    Predicates.in("__key", hits.keySet().toArray(new String[0])));
            Map<String, ClusterReads> perCluster = new HashMap<>();
            for (Object[] row : rows) {
                int cluster = (Integer) row[3];
                if (cluster < 0) {
                    continue;
                }
                ClusterReads r = new ClusterReads(CentroidSet.group((String) row[1], (String) row[2]), (Long) row[4],
                        cluster, hits.getOrDefault((String) row[0], 0L));
                perCluster.merge(r.key(), r, (a, b) -> new ClusterReads(a.group(), a.generation(), a.cluster(),
                        a.reads() + b.reads()));
            }
            IMap<String, ClusterReads> log = member.getMap(lookupMap);
            perCluster.forEach(log::set);
        };
    }

    /**
     * Moves the rate job's event time on when nobody reads: windows close only when a later event
     * arrives, so the member that checks on a timer writes an empty one each time.
     */
    static void heartbeat(HazelcastInstance member, String answerMap) {
        member.<String, ClusterReads>getMap(lookupMapName(answerMap)).set(HEARTBEAT, new ClusterReads("", 0, -1, 0));
    }

    private static final String HEARTBEAT = "heartbeat";

    static String rateJobName(String answerMap) {
        return "carecache-hot-clusters-" + answerMap;
    }

    /** Submits the rate job unless it runs already. */
    static void ensureRateJob(HazelcastInstance member, String answerMap, SemanticSettings settings) {
        String name = rateJobName(answerMap);
        Job running = member.getJet().getJob(name);
        if (running != null && !running.getStatus().isTerminal()) {
            return;
        }
        long window = settings.hotWindow().toMillis();
        long slide = settings.hotSlide().toMillis();
        double seconds = window / 1000.0;
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.<ClusterReads, String, ClusterReads>mapJournal(lookupMapName(answerMap),
                                JournalInitialPosition.START_FROM_CURRENT, Util.mapEventNewValue(), Util.mapPutEvents())
                        // Most partitions of the log see no event: they must not hold the watermark back.
                        .setPartitionIdleTimeout(slide))
                .withIngestionTimestamps()
                .filter(r -> r.cluster() >= 0)
                .groupingKey(ClusterReads::key)
                .window(WindowDefinition.sliding(window, slide))
                .aggregate(AggregateOperations.summingLong(ClusterReads::reads))
                .map(w -> {
                    String key = w.getKey();
                    int hash = key.lastIndexOf('#');
                    return Util.entry(key, new Hot(IndexedQuestion.groupOf(key), IndexedQuestion.generationOf(key),
                            Integer.parseInt(key.substring(hash + 1)), w.getValue() / seconds, w.end()));
                })
                .writeTo(Sinks.map(hotMapName(answerMap)));
        // Snapshots keep the journal offsets and open windows when the job rescales to a joining member.
        member.getJet().newJobIfAbsent(p, new JobConfig().setName(name)
                .setProcessingGuarantee(com.hazelcast.jet.config.ProcessingGuarantee.AT_LEAST_ONCE)
                .setSnapshotIntervalMillis(Math.max(1000, slide)));
    }

    /**
     * Loads the {@code clusters} hottest clusters' {@code perCluster} most-used entries that L2
     * does not hold from L3, hottest first.
     *
     * @return how many entries were loaded
     */
    static int warm(HazelcastInstance member, String answerMap, MongoCollection<Document> entries, int clusters,
                    int perCluster) {
        if (clusters == 0 || entries == null) {
            return 0;
        }
        List<Hot> hottest = new ArrayList<>(member.<String, Hot>getMap(hotMapName(answerMap)).values());
        hottest.sort(Comparator.comparingDouble(Hot::readsPerSecond).reversed());
        // Cluster ids are per run: rates of an older run's clusters say nothing about the current ones.
        IMap<String, CentroidSet> centroids = member.getMap(GridSemanticIndex.centroidMapName(answerMap));
        hottest.removeIf(h -> {
            CentroidSet current = centroids.get(h.group());
            return current == null || current.generation() != h.generation();
        });
        IMap<String, Object> answers = member.getMap(answerMap);
        int warmed = 0;
        Date now = new Date();
        for (Hot h : hottest.subList(0, Math.min(clusters, hottest.size()))) {
            if (h.readsPerSecond() <= 0) {
                break;
            }
            List<String> keys = new ArrayList<>();
            for (Document d : entries.find(Filters.and(
                            Filters.eq("metadata.context_fingerprint", h.fingerprint()),
                            Filters.eq("metadata.semantic_cluster", h.cluster()),
                            Filters.gt("expires_at", now)))
                    .sort(Sorts.descending("access_count")).limit(perCluster)
                    .projection(com.mongodb.client.model.Projections.include("_id"))) {
                keys.add(d.getString("_id"));
            }
            if (keys.isEmpty()) {
                continue;
            }
            // A query does not load from L3: it tells which keys L2 holds already.
            Set<String> held = answers.keySet(Predicates.in("__key", keys.toArray(new String[0])));
            Set<String> missing = new HashSet<>(keys);
            missing.removeAll(held);
            if (!missing.isEmpty()) {
                answers.loadAll(missing, false);
                warmed += missing.size();
            }
        }
        if (warmed > 0) {
            LOG.info("Warmed {} entries of the {} hottest semantic clusters from L3 into L2", warmed,
                    Math.min(clusters, hottest.size()));
        }
        return warmed;
    }
}
