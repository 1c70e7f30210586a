package io.carecache.node.internal.semantic;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * The entry processors on {@code <map>-postings}. Append and Remove are their own backup
 * processors: the backup replica applies the same small change (they carry the clock, so both
 * replicas drop the same expired entries) instead of receiving the whole bucket on every write.
 */
final class PostingsProcessors {
    private PostingsProcessors() {
    }

    /** Adds (or replaces) one question in its bucket, creating the bucket if needed. */
    static final class Append implements EntryProcessor<String, Postings, Void>, IdentifiedDataSerializable {
        private String key;
        private float[] vector;
        private String scope;
        private String subject;
        private long expiresAtMillis;
        private long now;

        /** For deserialization. */
        Append() {
        }

        Append(String key, float[] vector, String scope, String subject, long expiresAtMillis, long now) {
            this.key = key;
            this.vector = vector;
            this.scope = scope;
            this.subject = subject;
            this.expiresAtMillis = expiresAtMillis;
            this.now = now;
        }

        @Override
        public Void process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            if (p == null) {
                p = new Postings(vector.length, 8);
            }
            p.append(key, vector, scope, subject, expiresAtMillis, now);
            entry.setValue(p);
            return null;
        }

        @Override
        public EntryProcessor<String, Postings, Void> getBackupProcessor() {
            return this;
        }

        @Override
        public int getFactoryId() {
            return SemanticSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SemanticSerialization.APPEND;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(key);
            out.writeFloatArray(vector);
            out.writeString(scope);
            out.writeString(subject);
            out.writeLong(expiresAtMillis);
            out.writeLong(now);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            key = in.readString();
            vector = in.readFloatArray();
            scope = in.readString();
            subject = in.readString();
            expiresAtMillis = in.readLong();
            now = in.readLong();
        }
    }

    /** Removes one question from its bucket; an emptied bucket is deleted. Returns whether it was there. */
    static final class Remove implements EntryProcessor<String, Postings, Boolean>, IdentifiedDataSerializable {
        private String key;

        /** For deserialization. */
        Remove() {
        }

        Remove(String key) {
            this.key = key;
        }

        @Override
        public Boolean process(Map.Entry<String, Postings> entry) {
            Postings p = entry.getValue();
            if (p == null) {
                return false;
            }
            boolean removed = p.remove(key);
            if (p.size() == 0) {
                entry.setValue(null);
            } else if (removed) {
                entry.setValue(p);
            }
            return removed;
        }

        @Override
        public EntryProcessor<String, Postings, Boolean> getBackupProcessor() {
            return this;
        }

        @Override
        public int getFactoryId() {
            return SemanticSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SemanticSerialization.REMOVE;
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
