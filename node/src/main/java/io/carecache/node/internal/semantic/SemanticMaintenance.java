package io.carecache.node.internal.semantic;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.node.SemanticSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the semantic clusters current: every member checks on a timer, and the oldest member
 * (one per cluster, and another takes over when it leaves) runs {@link ClusteringJob} when the
 * last run is older than the interval or the index has grown by the configured fraction since.
 */
public final class SemanticMaintenance implements AutoCloseable {
    /** The grid-wide count of clusters created, a PN counter. */
    public static final String CLUSTERS_CREATED = "carecache-semantic-clusters-created";
    /** The grid-wide count of entries warmed into L2, a PN counter. */
    public static final String WARMED_ENTRIES = "carecache-warmed-entries";
    private static final Logger LOG = LoggerFactory.getLogger(SemanticMaintenance.class);
    private static final String LAST_RUN = "last";

    private final HazelcastInstance member;
    private final String answerMap;
    private final String indexMap;
    private final String centroidMap;
    private final SemanticSettings settings;
    private final ScheduledExecutorService timer;
    /** When this member was first seen as the oldest by its checks; -1 while it is not. */
    private long oldestSinceMillis = -1;

    private SemanticMaintenance(HazelcastInstance member, String answerMap, SemanticSettings settings) {
        this.member = member;
        this.answerMap = answerMap;
        this.indexMap = GridSemanticIndex.indexMapName(answerMap);
        this.centroidMap = GridSemanticIndex.centroidMapName(answerMap);
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carecache-semantic-clustering");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic check on {@code member}. */
    public static SemanticMaintenance start(HazelcastInstance member, String answerMap, SemanticSettings settings) {
        SemanticMaintenance m = new SemanticMaintenance(member, answerMap, settings);
        // Before the member serves: after a whole-cluster restart the index is back from MongoDB, the
        // postings (memory only) are not. The first member to start rebuilds them; later ones find them.
        m.rebuildPostingsQuietly();
        // At start the oldest member is the cluster's first: it submits at once.
        m.ensureRateJobQuietly(true);
        // Start-up warming first (hottest clusters first), then the periodic check.
        m.timer.execute(m::warmQuietly);
        long every = settings.checkInterval().toMillis();
        m.timer.scheduleWithFixedDelay(m::check, every, every, TimeUnit.MILLISECONDS);
        return m;
    }

    /** Where each member's drained read counts go: the lookup log the request-rate job reads. */
    public java.util.function.Consumer<java.util.Map<String, Long>> lookupLog() {
        return settings.warmClusters() > 0 ? HotClusters.lookupLog(member, answerMap) : hits -> { };
    }

    /** Warms the hottest clusters now (the oldest member does it on its own schedule); returns the entries loaded. */
    public int warmNow() {
        @SuppressWarnings("unchecked")
        com.mongodb.client.MongoCollection<org.bson.Document> entries = (com.mongodb.client.MongoCollection<org.bson.Document>)
                member.getConfig().getUserContext().get(ClusteringJob.L3_COLLECTION);
        int warmed = HotClusters.warm(member, answerMap, entries, settings.warmClusters(), settings.warmEntriesPerCluster());
        if (warmed > 0) {
            member.getPNCounter(WARMED_ENTRIES).getAndAdd(warmed);
        }
        return warmed;
    }

    private void rebuildPostingsQuietly() {
        try {
            GridSemanticIndex.rebuildPostingsIfEmpty(member, answerMap);
        } catch (RuntimeException e) {
            LOG.warn("Rebuilding the semantic postings failed; the next check retries: {}", e.toString());
        }
    }

    /**
     * Warms unless partitions are moving. Loads into (and the hot-cluster map's first read from
     * MongoDB on) partitions that migrate to a member still joining are work that may be lost; the
     * next check warms what is still missing once the cluster has settled.
     */
    private void warmWhenSettled() {
        if (member.getPartitionService().isClusterSafe()) {
            warmNow();
        } else {
            LOG.debug("Partitions are migrating; warming waits for the next check");
        }
    }

    private void warmQuietly() {
        try {
            if (member.getLifecycleService().isRunning() && isOldest()) {
                warmWhenSettled();
            }
        } catch (RuntimeException e) {
            LOG.warn("Warming hot semantic clusters failed; the next check retries: {}", e.toString());
        }
    }

    /**
     * What one clustering run did.
     *
     * @param groups context groups (fingerprint and model) clustered
     * @param clusters clusters created
     * @param entries questions assigned
     * @param millis how long the job took
     */
    public record Run(int groups, int clusters, int entries, long millis) {
    }

    /** When the last run happened and how large the index was then. */
    record LastRun(long atMillis, int indexSize) implements Serializable {
    }

    private void check() {
        try {
            if (!member.getLifecycleService().isRunning() || !isOldest()) {
                return;
            }
            HotClusters.heartbeat(member, answerMap);
            ensureRateJobQuietly(false);
            rebuildPostingsQuietly();
            IMap<String, LastRun> runs = member.getMap(runMapName(indexMap));
            int size = member.getMap(indexMap).size();
            LastRun last = runs.get(LAST_RUN);
            long now = System.currentTimeMillis();
            boolean due = size >= settings.clusteringMinEntries() && (last == null
                    || now - last.atMillis() >= settings.clusteringInterval().toMillis()
                    || size >= last.indexSize() * (1 + settings.clusteringGrowth()));
            if (due) {
                runNow(member, answerMap, settings);
            }
            warmWhenSettled();
        } catch (RuntimeException e) {
            LOG.warn("Semantic clustering run failed; the next check retries: {}", e.toString());
        }
    }

    /** Runs the clustering job now, from any member, and records the run. */
    public static Run runNow(HazelcastInstance member, String answerMap, SemanticSettings settings) {
        String indexMap = GridSemanticIndex.indexMapName(answerMap);
        int size = member.getMap(indexMap).size();
        Run s = ClusteringJob.run(member, answerMap, settings);
        member.<String, LastRun>getMap(runMapName(indexMap)).set(LAST_RUN, new LastRun(System.currentTimeMillis(), size));
        member.getPNCounter(CLUSTERS_CREATED).getAndAdd(s.clusters());
        LOG.info("Semantic clustering: {} entries in {} context groups -> {} clusters in {} ms",
                s.entries(), s.groups(), s.clusters(), s.millis());
        return s;
    }

    /**
     * Only with warming on (the streaming job's parked journal reads were once seen to stall partition
     * migration when a member left gracefully, docs/architecture.md), and only from the oldest member:
     * members starting together all asking for it made Hazelcast log a SEVERE JobAlreadyExistsException
     * on the master for each one that lost the race. A member that has just become the oldest (the
     * master left) waits two checks and a safe cluster first: until Jet's coordination on the new
     * master has found the job's record, the job looks absent, and submitting it then logs the same.
     */
    private void ensureRateJobQuietly(boolean atStart) {
        if (settings.warmClusters() == 0 || !isOldest()) {
            oldestSinceMillis = -1;
            return;
        }
        long now = System.currentTimeMillis();
        if (oldestSinceMillis < 0) {
            oldestSinceMillis = now;
        }
        boolean settled = now - oldestSinceMillis >= 2 * settings.checkInterval().toMillis()
                && member.getPartitionService().isClusterSafe();
        if (!atStart && !settled) {
            return;
        }
        try {
            HotClusters.ensureRateJob(member, answerMap, settings);
        } catch (RuntimeException e) {
            LOG.warn("Could not start the cluster request-rate job; warming uses the last known rates: {}", e.toString());
        }
    }

    private boolean isOldest() {
        Iterator<Member> members = member.getCluster().getMembers().iterator();
        return members.hasNext() && members.next().localMember();
    }

    private static String runMapName(String indexMap) {
        return indexMap + "-runs";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // A run in progress ends with the member; waiting keeps it from logging the shutdown as a failure.
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
