package io.carecache.node.internal.semantic;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Questions removed from the index lately ({@code <map>-unindexed}: cache key to removal time).
 * A job that builds buckets from a snapshot of the index (the clustering run, the restart
 * rebuild) writes a question removed after it read the index back into a bucket; lookups answer
 * from the buckets alone, so such a question would linger in memory, vector and sealed copy, and
 * keep coming back as a candidate whose answer is gone. A removal records its key first; the job,
 * once its buckets are written, prunes the keys recorded since it started and not indexed again.
 */
final class RemovedQuestions {
    /** How long a removal is remembered: longer than a clustering run or a rebuild takes. */
    static final Duration REMEMBERED = Duration.ofHours(1);
    /** How far members' clocks may disagree: removals are stamped by the key's owner, the job's start by its driver. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private RemovedQuestions() {
    }

    static String mapName(String answerMap) {
        return answerMap + "-unindexed";
    }

    static void configure(Config config, String answerMap) {
        config.addMapConfig(new MapConfig(mapName(answerMap)).setBackupCount(1)
                .setTimeToLiveSeconds((int) REMEMBERED.toSeconds()));
    }

    /** Records that {@code key} is being removed (before the index forgets it). */
    static void record(HazelcastInstance member, String answerMap, String key) {
        member.<String, Long>getMap(mapName(answerMap)).set(key, System.currentTimeMillis());
    }

    /**
     * Drops from every bucket the questions removed since a job started (less {@link #CLOCK_SKEW})
     * that the index no longer holds.
     *
     * @return the keys pruned
     */
    static Set<String> prune(HazelcastInstance member, String answerMap, long jobStartMillis) {
        IMap<String, Long> removed = member.getMap(mapName(answerMap));
        long since = jobStartMillis - CLOCK_SKEW.toMillis();
        Set<String> keys = new HashSet<>(removed.keySet(Predicates.greaterEqual("this", since)));
        if (keys.isEmpty()) {
            return keys;
        }
        // A query, not getAll: it never asks MongoDB for keys the grid does not hold.
        IMap<String, IndexedQuestion> index = member.getMap(GridSemanticIndex.indexMapName(answerMap));
        keys.removeAll(index.keySet(Predicates.in("__key", keys.toArray(String[]::new))));
        if (!keys.isEmpty()) {
            IMap<String, Postings> postings = member.getMap(GridSemanticIndex.postingsMapName(answerMap));
            postings.executeOnKeys(postings.keySet(), new PostingsProcessors.RemoveAll(keys));
        }
        return keys;
    }
}
