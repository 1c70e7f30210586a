package io.carecache.node.internal.semantic;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Arrays;

/**
 * The best few questions of one bucket (or of several merged), best first: cache key, similarity
 * and sealed question.
 */
final class Scored implements IdentifiedDataSerializable {
    private int limit;
    private int size;
    private String[] keys;
    private double[] similarities;
    private byte[][] sealed;

    /** For deserialization. */
    Scored() {
        this(0);
    }

    Scored(int limit) {
        this.limit = limit;
        keys = new String[limit];
        similarities = new double[limit];
        sealed = new byte[limit][];
    }

    int size() {
        return size;
    }

    String key(int i) {
        return keys[i];
    }

    double similarity(int i) {
        return similarities[i];
    }

    byte[] sealedQuestion(int i) {
        return sealed[i];
    }

    /** Keeps {@code key} if it is among the best {@code limit} so far (insertion into a short sorted list). */
    void offer(String key, double similarity, byte[] sealedQuestion) {
        if (limit == 0 || (size == limit && similarity <= similarities[size - 1])) {
            return;
        }
        int at = size < limit ? size++ : size - 1;
        while (at > 0 && similarities[at - 1] < similarity) {
            keys[at] = keys[at - 1];
            similarities[at] = similarities[at - 1];
            sealed[at] = sealed[at - 1];
            at--;
        }
        keys[at] = key;
        similarities[at] = similarity;
        sealed[at] = sealedQuestion;
    }

    /** Merges {@code other}'s hits into this one. */
    void merge(Scored other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.keys[i], other.similarities[i], other.sealed[i]);
        }
    }

    @Override
    public int getFactoryId() {
        return SemanticSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SemanticSerialization.SCORED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(limit);
        out.writeStringArray(Arrays.copyOf(keys, size));
        out.writeDoubleArray(Arrays.copyOf(similarities, size));
        for (int i = 0; i < size; i++) {
            out.writeByteArray(sealed[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        limit = in.readInt();
        String[] k = in.readStringArray();
        double[] s = in.readDoubleArray();
        size = k.length;
        keys = Arrays.copyOf(k, Math.max(limit, size));
        similarities = Arrays.copyOf(s, Math.max(limit, size));
        sealed = new byte[Math.max(limit, size)][];
        for (int i = 0; i < size; i++) {
            sealed[i] = in.readByteArray();
        }
    }
}
