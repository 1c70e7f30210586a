package io.carecache.node.internal.semantic;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import io.carecache.node.SemanticSettings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The work a client or member sends to the members: embed and index, embed and search. */
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

    /** Runs on the key's owner: embeds the question (unless a vector came with it) and indexes it locally. */
    static final class Index implements Callable<Boolean>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 1L;
        private final String mapName;
        private final String key;
        private final String question;
        private final float[] vector;
        private final String fingerprint;
        private final String scope;
        private final String subjectHash;
        private final byte[] sealedQuestion;
        private final long expiresAtMillis;
        private transient HazelcastInstance member;

        Index(String mapName, String key, String question, Optional<float[]> vector, String fingerprint, String scope,
              String subjectHash, byte[] sealedQuestion, long expiresAtMillis) {
            this.mapName = mapName;
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
            long ttl = expiresAtMillis - System.currentTimeMillis();
            if (ttl <= 0) {
                return false;
            }
            IndexedQuestion q = new IndexedQuestion(fingerprint, scope, subjectHash, embedder.modelId(), v,
                    sealedQuestion, -1, expiresAtMillis);
            member.<String, IndexedQuestion>getMap(mapName).set(key, q, ttl, TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /** Runs on any member: embeds the probe and aggregates the best candidates over all partitions. */
    static final class Search implements Callable<ArrayList<Hit>>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 1L;
        private final String mapName;
        private final String question;
        private final float[] vector;
        private final String fingerprint;
        private final String scope;
        private final String subjectHash;
        private final int limit;
        private final double minSimilarity;
        private final String centroidMapName;
        private transient HazelcastInstance member;

        Search(String mapName, String centroidMapName, String question, Optional<float[]> vector, String fingerprint, String scope,
               String subjectHash, int limit, double minSimilarity) {
            this.mapName = mapName;
            this.question = question;
            this.vector = vector.orElse(null);
            this.fingerprint = fingerprint;
            this.scope = scope;
            this.subjectHash = subjectHash;
            this.limit = limit;
            this.minSimilarity = minSimilarity;
            this.centroidMapName = centroidMapName;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public ArrayList<Hit> call() {
            Embedder embedder = embedder(member);
            float[] v = vector != null ? callerVector(embedder, vector) : embedder.embed(question);
            // Isolation is part of the query: fingerprint, scope, subject and model must all match.
            Predicate<String, IndexedQuestion> isolation = Predicates.and(
                    Predicates.equal("scope", scope),
                    Predicates.equal("subjectHash", subjectHash),
                    Predicates.equal("modelId", embedder.modelId()));
            String group = CentroidSet.group(fingerprint, embedder.modelId());
            int[] probes = probes(v, group);
            boolean clustered = probes.length > 0;
            Predicate<String, IndexedQuestion> same;
            if (clustered) {
                // Only the nearest clusters of this group (the key carries fingerprint and model), plus
                // the questions indexed since the last run (no cluster yet): one index probe each.
                String[] clusterKeys = new String[probes.length + 1];
                for (int i = 0; i < probes.length; i++) {
                    clusterKeys[i] = IndexedQuestion.clusterKey(group, probes[i]);
                }
                clusterKeys[probes.length] = IndexedQuestion.clusterKey(group, -1);
                same = Predicates.and(Predicates.in(IndexedQuestion.CLUSTER_KEY, clusterKeys), isolation);
            } else {
                same = Predicates.and(Predicates.equal("fingerprint", fingerprint), isolation);
            }
            List<Hit> hits = member.<String, IndexedQuestion>getMap(mapName)
                    .aggregate(new NearestAggregator(v, limit, minSimilarity, System.currentTimeMillis()), same);
            ArrayList<Hit> out = new ArrayList<>(hits.size());
            hits.forEach(h -> out.add(h.viaCluster(clustered)));
            return out;
        }

        // The clusters to search; none (a full scan) before the first clustering run of this group.
        private int[] probes(float[] v, String group) {
            Object s = member.getUserContext().get(SETTINGS);
            int n = s instanceof SemanticSettings settings ? settings.probes() : SemanticSettings.DEFAULTS.probes();
            CentroidSet centroids = member.<String, CentroidSet>getMap(centroidMapName).get(group);
            return centroids == null ? new int[0] : centroids.nearest(v, n);
        }
    }
}
