package io.carecache.node.internal.semantic;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;

import io.carecache.node.SemanticSettings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The work a client or member sends to the members: embed and index, embed and search, remove. */
final class SemanticTasks {
    /** User-context key under which a member keeps its {@link Embedder}. */
    static final String EMBEDDER = "carecache.semantic.embedder";
    /** User-context key of the member's {@link SemanticSettings}. */
    static final String SETTINGS = "carecache.semantic.settings";

    private SemanticTasks() {
    }

    static Embedder embedder(HazelcastInstance member) {
        Object e = member.getUserContext().get(EMBEDDER);
        if (!(e instanceof Embedder embedder)) {
            throw new IllegalStateException("this member has no embedding service; start it with CareCacheNode");
        }
        return embedder;
    }

    /** A caller-supplied vector, unit length; one of another model's dimension is refused (the SDK checks first). */
    static float[] callerVector(Embedder embedder, float[] vector) {
        if (vector.length != embedder.dimensions()) {
            throw new IllegalArgumentException("queryVector must have " + embedder.dimensions() + " dimensions, got "
                    + vector.length);
        }
        return Embedder.normalize(vector);
    }

    /** Runs on any member: the dimension of its embedder's vectors. */
    static final class Dimensions implements Callable<Integer>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance member;

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public Integer call() {
            return embedder(member).dimensions();
        }
    }

    /** Runs on the key's owner: embeds the question (unless a vector came with it), indexes it and appends it to its bucket. */
    static final class Index implements Callable<Boolean>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 2L;
        private final String answerMap;
        private final String key;
        private final String question;
        private final float[] vector;
        private final String fingerprint;
        private final String scope;
        private final String subjectHash;
        private final byte[] sealedQuestion;
        private final long expiresAtMillis;
        private transient HazelcastInstance member;

        Index(String answerMap, String key, String question, Optional<float[]> vector, String fingerprint, String scope,
              String subjectHash, byte[] sealedQuestion, long expiresAtMillis) {
            this.answerMap = answerMap;
            this.key = key;
            this.question = question;
            this.vector = vector.orElse(null);
            this.fingerprint = fingerprint;
            this.scope = scope;
            this.subjectHash = subjectHash;
            this.sealedQuestion = sealedQuestion;
            this.expiresAtMillis = expiresAtMillis;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public Boolean call() {
            Embedder embedder = embedder(member);
            float[] v = vector != null ? callerVector(embedder, vector) : embedder.embed(question);
            long now = System.currentTimeMillis();
            long ttl = expiresAtMillis - now;
            if (ttl <= 0) {
                return false;
            }
            Maps maps = new Maps(member, answerMap);
            IndexedQuestion unplaced = new IndexedQuestion(fingerprint, scope, subjectHash, embedder.modelId(), v,
                    sealedQuestion, -1, expiresAtMillis);
            Optional<CentroidSet> set = maps.centroids(unplaced.group());
            IndexedQuestion q = placed(unplaced, set);
            String route = q.route(key);
            maps.postings().executeOnKey(route, append(key, q, now));
            IndexedQuestion old = maps.index().put(key, q, ttl, TimeUnit.MILLISECONDS);
            if (old != null && !old.route(key).equals(route)) {
                maps.postings().executeOnKey(old.route(key), new PostingsProcessors.Remove(key));
            }
            // A clustering run may have published a new generation since we routed: its sweep may have
            // read the index before our put, so follow the new generation ourselves.
            Optional<CentroidSet> after = maps.centroids(q.group());
            if (generation(after) != generation(set)) {
                reroute(maps, key, q, after.orElseThrow(), System.currentTimeMillis());
            }
            return true;
        }
    }

    /** {@code q} in the nearest cluster of the group's current centroids, or unclustered before any run. */
    static IndexedQuestion placed(IndexedQuestion q, Optional<CentroidSet> set) {
        if (set.isEmpty() || set.get().centroids().length == 0 || set.get().centroids()[0].length != q.vector().length) {
            return q.withCluster(0, -1);
        }
        return q.withCluster(set.get().generation(), KMeans.nearest(q.vector(), set.get().centroids()));
    }

    private static long generation(Optional<CentroidSet> set) {
        return set.map(CentroidSet::generation).orElse(0L);
    }

    static PostingsProcessors.Append append(String key, IndexedQuestion q, long now) {
        return new PostingsProcessors.Append(key, q.vector(), q.scope(), q.subjectHash(), q.sealedQuestion(),
                q.expiresAtMillis(), now);
    }

    /**
     * Moves {@code key} (indexed as {@code q}) to its bucket of {@code set}'s generation: appends it
     * there, records the new cluster unless the question changed meanwhile, and removes it from the
     * old bucket.
     */
    static void reroute(Maps maps, String key, IndexedQuestion q, CentroidSet set, long now) {
        IndexedQuestion moved = placed(q, Optional.of(set));
        String from = q.route(key);
        String to = moved.route(key);
        if (from.equals(to)) {
            return;
        }
        maps.postings().executeOnKey(to, append(key, moved, now));
        maps.index().executeOnKey(key, new Place(q.generation(), q.cluster(), q.expiresAtMillis(), moved.generation(),
                moved.cluster()));
        maps.postings().executeOnKey(from, new PostingsProcessors.Remove(key));
    }

    /**
     * Sets an indexed question's generation and cluster if it is still the one that was read (its expiry
     * stays): re-indexed or moved since, its new place is the indexer's or the sweep's to set.
     */
    record Place(long fromGeneration, int fromCluster, long expiresAtMillis, long generation, int cluster)
            implements EntryProcessor<String, IndexedQuestion, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, IndexedQuestion> entry) {
            IndexedQuestion q = entry.getValue();
            if (q == null || q.generation() != fromGeneration || q.cluster() != fromCluster
                    || q.expiresAtMillis() != expiresAtMillis) {
                return false;
            }
            ((ExtendedMapEntry<String, IndexedQuestion>) entry).setValueWithoutChangingExpiryTime(
                    q.withCluster(generation, cluster));
            return true;
        }
    }

    /** The maps of one answer map's semantic index, as seen from a member. */
    record Maps(HazelcastInstance member, String answerMap) {
        IMap<String, IndexedQuestion> index() {
            return member.getMap(GridSemanticIndex.indexMapName(answerMap));
        }

        IMap<String, Postings> postings() {
            return member.getMap(GridSemanticIndex.postingsMapName(answerMap));
        }

        Optional<CentroidSet> centroids(String group) {
            return CentroidCache.of(member).get(member, GridSemanticIndex.centroidMapName(answerMap), group);
        }
    }

    /** Runs on the key's owner: records the removal, removes the question from the index, then from its bucket. */
    static final class Unindex implements Callable<Boolean>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 1L;
        private final String answerMap;
        private final String key;
        private transient HazelcastInstance member;

        Unindex(String answerMap, String key) {
            this.answerMap = answerMap;
            this.key = key;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public Boolean call() {
            Maps maps = new Maps(member, answerMap);
            // Recorded first: a job that read the index before this removal prunes its copy afterwards.
            RemovedQuestions.record(member, answerMap, key);
            IndexedQuestion old = maps.index().remove(key);
            if (old == null) {
                return false;
            }
            maps.postings().executeOnKey(old.route(key), new PostingsProcessors.Remove(key));
            return true;
        }
    }

    /** Runs on every member when a clustering run publishes: routing reads the new centroids from now on. */
    static final class ForgetCentroids implements Callable<Boolean>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance member;

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public Boolean call() {
            CentroidCache.of(member).forgetAll();
            return true;
        }
    }

    /**
     * Runs on any member: embeds the probe and scores the nearest clusters' buckets where they live
     * (all in parallel, one entry processor per bucket), which return the best few with their
     * sealed questions: one round of hand-offs per lookup.
     */
    static final class Search implements Callable<ArrayList<Hit>>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 2L;
        private final String answerMap;
        private final String question;
        private final float[] vector;
        private final String fingerprint;
        private final String scope;
        private final String subjectHash;
        private final int limit;
        private final double minSimilarity;
        private transient HazelcastInstance member;

        Search(String answerMap, String question, Optional<float[]> vector, String fingerprint, String scope,
               String subjectHash, int limit, double minSimilarity) {
            this.answerMap = answerMap;
            this.question = question;
            this.vector = vector.orElse(null);
            this.fingerprint = fingerprint;
            this.scope = scope;
            this.subjectHash = subjectHash;
            this.limit = limit;
            this.minSimilarity = minSimilarity;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public ArrayList<Hit> call() {
            Embedder embedder = embedder(member);
            float[] v = vector != null ? callerVector(embedder, vector) : embedder.embed(question);
            Maps maps = new Maps(member, answerMap);
            String group = CentroidSet.group(fingerprint, embedder.modelId());
            Optional<CentroidSet> set = maps.centroids(group);
            Set<String> routes = new HashSet<>();
            boolean clustered = set.isPresent();
            if (clustered) {
                for (int c : set.get().nearest(v, probes())) {
                    routes.add(set.get().route(c));
                }
            } else {
                // Before the group's first clustering run: all its unclustered buckets.
                for (int b = 0; b < IndexedQuestion.UNCLUSTERED_BUCKETS; b++) {
                    routes.add(IndexedQuestion.unclusteredRoute(group, b));
                }
            }
            long now = System.currentTimeMillis();
            Map<String, Scored> perBucket = score(maps, routes,
                    new PostingsProcessors.Score(v, scope, subjectHash, now, limit, minSimilarity));
            Scored best = new Scored(limit);
            for (Scored s : perBucket.values()) {
                if (s != null) {
                    best.merge(s);
                }
            }
            // The bucket's copy answers: the route fixed fingerprint and model, scoring applied scope,
            // subject and expiry. An answer removed meanwhile is caught where it counts: the SDK then
            // reads the answer itself, and misses.
            ArrayList<Hit> out = new ArrayList<>(best.size());
            for (int i = 0; i < best.size(); i++) {
                out.add(new Hit(best.key(i), best.similarity(i), best.sealedQuestion(i), clustered));
            }
            return out;
        }

        // Bounded like the caller's wait: a search running on the caller's thread must not hold it longer.
        private static Map<String, Scored> score(Maps maps, Set<String> routes, PostingsProcessors.Score score) {
            return GridSemanticIndex.await(maps.postings().submitToKeys(routes, score).toCompletableFuture());
        }

        private int probes() {
            Object s = member.getUserContext().get(SETTINGS);
            return s instanceof SemanticSettings settings ? settings.probes() : SemanticSettings.DEFAULTS.probes();
        }
    }
}
