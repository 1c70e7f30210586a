package io.carecache.node.internal.semantic;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The entry processors on {@code <map>-postings}. Append, Remove, RemoveAll and Reseal are their own backup
 * processors: the backup replica applies the same small change (they carry the clock, so both
 * replicas drop the same expired entries) instead of receiving the whole bucket on every write.
 */
final class PostingsProcessors {
    private PostingsProcessors() {
    }

    /** A write that is its own backup processor, identified by {@code classId}. */
    private abstract static class OwnBackup<R> implements EntryProcessor<String, Postings, R>, IdentifiedDataSerializable {
        private final int classId;

        OwnBackup(int classId) {
            this.classId = classId;
        }

        @Override
        public final EntryProcessor<String, Postings, R> getBackupProcessor() {
            return this;
        }

        @Override
        public final int getFactoryId() {
            return SemanticSerialization.FACTORY_ID;
        }

        @Override
        public final int getClassId() {
            return classId;
        }
    }

    /** Stores a bucket after a removal: deleted once empty, written back only if it changed. */
    private static void storeAfterRemoval(Map.Entry<String, Postings> entry, Postings p, boolean changed) {
        if (p.size() == 0) {
            entry.setValue(null);
        } else if (changed) {
            entry.setValue(p);
        }
    }

    /** Adds (or replaces) one question in its bucket, creating the bucket if needed. */
    static final class Append extends OwnBackup<Void> {
        private String key;
        private float[] vector;
        private String scope;
        private String subject;
        private byte[] sealedQuestion;
        private long expiresAtMillis;
        private long now;

        /** For deserialization. */
        Append() {
            super(SemanticSerialization.APPEND);
        }

        Append(String key, float[] vector, String scope, String subject, byte[] sealedQuestion, long expiresAtMillis,
               long now) {
            super(SemanticSerialization.APPEND);
            this.key = key;
            this.vector = vector;
            this.scope = scope;
            this.subject = subject;
            this.sealedQuestion = sealedQuestion;
            this.expiresAtMillis = expiresAtMillis;
            this.now = now;
        }

        @Override
        public Void process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            if (p == null) {
                p = new Postings(vector.length, 8);
            }
            p.append(key, vector, scope, subject, sealedQuestion, expiresAtMillis, now);
            entry.setValue(p);
            return null;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(key);
            out.writeFloatArray(vector);
            out.writeString(scope);
            out.writeString(subject);
            out.writeByteArray(sealedQuestion);
            out.writeLong(expiresAtMillis);
            out.writeLong(now);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            key = in.readString();
            vector = in.readFloatArray();
            scope = in.readString();
            subject = in.readString();
            sealedQuestion = in.readByteArray();
            expiresAtMillis = in.readLong();
            now = in.readLong();
        }
    }

    /** Removes one question from its bucket; an emptied bucket is deleted. Returns whether it was there. */
    static final class Remove extends OwnBackup<Boolean> {
        private String key;

        /** For deserialization. */
        Remove() {
            super(SemanticSerialization.REMOVE);
        }

        Remove(String key) {
            super(SemanticSerialization.REMOVE);
            this.key = key;
        }

        @Override
        public Boolean process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            if (p == null) {
                return false;
            }
            boolean removed = p.remove(key);
            storeAfterRemoval(entry, p, removed);
            return removed;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(key);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            key = in.readString();
        }
    }

    /** Removes several questions from a bucket (pruning); an emptied bucket is deleted. Returns how many were there. */
    static final class RemoveAll extends OwnBackup<Integer> {
        private Set<String> keys;

        /** For deserialization. */
        RemoveAll() {
            super(SemanticSerialization.REMOVE_ALL);
        }

        RemoveAll(Set<String> keys) {
            super(SemanticSerialization.REMOVE_ALL);
            this.keys = keys;
        }

        @Override
        public Integer process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            if (p == null) {
                return 0;
            }
            int removed = p.removeAll(keys);
            storeAfterRemoval(entry, p, removed > 0);
            return removed;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeStringArray(keys.toArray(String[]::new));
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            keys = new HashSet<>(Arrays.asList(in.readStringArray()));
        }
    }

    /**
     * Replaces one question's sealed copy after a key rotation, if it is still the one the index
     * replaced: the bucket keeps answering lookups with what the index holds.
     */
    static final class Reseal extends OwnBackup<Boolean> {
        private String key;
        private byte[] expected;
        private byte[] resealed;

        /** For deserialization. */
        Reseal() {
            super(SemanticSerialization.RESEAL);
        }

        Reseal(String key, byte[] expected, byte[] resealed) {
            super(SemanticSerialization.RESEAL);
            this.key = key;
            this.expected = expected;
            this.resealed = resealed;
        }

        @Override
        public Boolean process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            if (p == null || !p.reseal(key, expected, resealed)) {
                return false;
            }
            entry.setValue(p);
            return true;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(key);
            out.writeByteArray(expected);
            out.writeByteArray(resealed);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            key = in.readString();
            expected = in.readByteArray();
            resealed = in.readByteArray();
        }
    }

    /**
     * Scores a bucket where it lives, read-only: isolation (scope and subject; fingerprint and
     * model are in the route) and expiry applied, the best {@code limit} above the threshold returned.
     */
    static final class Score implements EntryProcessor<String, Postings, Scored>, ReadOnly, IdentifiedDataSerializable {
        private float[] query;
        private String scope;
        private String subject;
        private long now;
        private int limit;
        private double minSimilarity;

        /** For deserialization. */
        Score() {
        }

        Score(float[] query, String scope, String subject, long now, int limit, double minSimilarity) {
            this.query = query;
            this.scope = scope;
            this.subject = subject;
            this.now = now;
            this.limit = limit;
            this.minSimilarity = minSimilarity;
        }

        @Override
        public Scored process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            return p == null ? new Scored(limit) : p.score(query, scope, subject, now, limit, minSimilarity);
        }

        @Override
        public EntryProcessor<String, Postings, Scored> getBackupProcessor() {
            return null;
        }

        @Override
        public int getFactoryId() {
            return SemanticSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SemanticSerialization.SCORE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeFloatArray(query);
            out.writeString(scope);
            out.writeString(subject);
            out.writeLong(now);
            out.writeInt(limit);
            out.writeDouble(minSimilarity);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            query = in.readFloatArray();
            scope = in.readString();
            subject = in.readString();
            now = in.readLong();
            limit = in.readInt();
            minSimilarity = in.readDouble();
        }
    }
}
