package io.carecache.node.internal.semantic;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * One bucket of the semantic postings map ({@code <map>-postings}): the questions of one cluster
 * of one centroid generation, in columns. The vectors sit in one flat array (entry {@code i} at
 * {@code i * dims}), so scoring is a tight loop over contiguous floats; the arrays keep spare
 * capacity, so an append is amortized O(1). Mutated in place by the entry processors on the
 * partition thread (the map is OBJECT format without indexes, so Hazelcast does not copy it).
 * Each question's sealed copy is kept beside its vector: a lookup's candidates leave the bucket
 * ready for the SDK's lexical check.
 */
final class Postings implements IdentifiedDataSerializable, java.io.Serializable {
    private static final long serialVersionUID = 2L;
    private int dims;
    private int size;
    private String[] keys;
    private float[] vectors;
    private String[] scopes;
    private String[] subjects;
    // Each question sealed by the SDK, so a lookup answers from the bucket alone (no second read).
    private byte[][] sealed;
    private long[] expires;

    /** For deserialization. */
    Postings() {
        this(0, 0);
    }

    Postings(int dims, int capacity) {
        this.dims = dims;
        keys = new String[capacity];
        vectors = new float[capacity * dims];
        scopes = new String[capacity];
        subjects = new String[capacity];
        sealed = new byte[capacity][];
        expires = new long[capacity];
    }

    int size() {
        return size;
    }

    int dims() {
        return dims;
    }

    String key(int i) {
        return keys[i];
    }

    /** Adds or replaces {@code key}, dropping expired entries while it is here. */
    void append(String key, float[] vector, String scope, String subject, byte[] sealedQuestion, long expiresAtMillis,
                long now) {
        if (size == 0 && dims != vector.length) {
            dims = vector.length;
            vectors = new float[keys.length * dims];
        }
        if (vector.length != dims) {
            return; // another model's dimension never shares a bucket: the model is part of the route
        }
        dropExpired(now);
        remove(key);
        add(key, vector, scope, subject, sealedQuestion, expiresAtMillis);
    }

    /** Adds {@code key} without looking for an older copy: for building a bucket from distinct keys. */
    void add(String key, float[] vector, String scope, String subject, byte[] sealedQuestion, long expiresAtMillis) {
        if (size == 0 && dims != vector.length) {
            dims = vector.length;
            vectors = new float[keys.length * dims];
        }
        if (vector.length != dims) {
            return;
        }
        if (size == keys.length) {
            grow();
        }
        keys[size] = key;
        System.arraycopy(vector, 0, vectors, size * dims, dims);
        scopes[size] = scope.intern();
        subjects[size] = subject;
        sealed[size] = sealedQuestion;
        expires[size] = expiresAtMillis;
        size++;
    }

    /** Removes {@code key}; true if it was here. */
    boolean remove(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes every entry whose key is in {@code gone}; returns how many. */
    int removeAll(Set<String> gone) {
        int removed = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (gone.contains(keys[i])) {
                removeAt(i);
                removed++;
            }
        }
        return removed;
    }

    /** Replaces {@code key}'s sealed question if it is still {@code expected}; true if replaced. */
    boolean reseal(String key, byte[] expected, byte[] resealed) {
        int i = indexOf(key);
        if (i < 0 || !Arrays.equals(sealed[i], expected)) {
            return false;
        }
        sealed[i] = resealed;
        return true;
    }

    private int indexOf(String key) {
        int h = key.hashCode();
        for (int i = 0; i < size; i++) {
            if (keys[i].hashCode() == h && keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Adds {@code other}'s entries (a rebuilt bucket merged into one that took appends meanwhile). */
    Postings appendAll(Postings other, long now) {
        float[] v = new float[other.dims];
        for (int i = 0; i < other.size; i++) {
            System.arraycopy(other.vectors, i * other.dims, v, 0, other.dims);
            append(other.keys[i], v, other.scopes[i], other.subjects[i], other.sealed[i], other.expires[i], now);
        }
        return this;
    }

    int dropExpired(long now) {
        int dropped = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (expires[i] <= now) {
                removeAt(i);
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * The best {@code limit} live entries of {@code scope}/{@code subject} at least {@code minSimilarity}
     * similar to the unit vector {@code q}, best first.
     */
    Scored score(float[] q, String scope, String subject, long now, int limit, double minSimilarity) {
        Scored out = new Scored(limit);
        if (q.length != dims) {
            return out;
        }
        for (int i = 0; i < size; i++) {
            if (expires[i] <= now || !scope.equals(scopes[i]) || !subject.equals(subjects[i])) {
                continue;
            }
            double s = dot(q, vectors, i * dims, dims);
            if (s >= minSimilarity) {
                out.offer(keys[i], s, sealed[i]);
            }
        }
        return out;
    }

    /** The dot product of {@code q} with {@code n} floats of {@code flat} from {@code at}: four accumulators. */
    static double dot(float[] q, float[] flat, int at, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += q[i] * flat[at + i];
            s1 += q[i + 1] * flat[at + i + 1];
            s2 += q[i + 2] * flat[at + i + 2];
            s3 += q[i + 3] * flat[at + i + 3];
        }
        for (; i < n; i++) {
            s0 += q[i] * flat[at + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private void removeAt(int i) {
        int last = size - 1;
        // Order does not matter: the last entry fills the hole.
        if (i != last) {
            keys[i] = keys[last];
            System.arraycopy(vectors, last * dims, vectors, i * dims, dims);
            scopes[i] = scopes[last];
            subjects[i] = subjects[last];
            sealed[i] = sealed[last];
            expires[i] = expires[last];
        }
        keys[last] = null;
        scopes[last] = null;
        subjects[last] = null;
        sealed[last] = null;
        size = last;
    }

    private void grow() {
        int capacity = Math.max(8, keys.length + (keys.length >> 1));
        keys = Arrays.copyOf(keys, capacity);
        vectors = Arrays.copyOf(vectors, capacity * dims);
        scopes = Arrays.copyOf(scopes, capacity);
        subjects = Arrays.copyOf(subjects, capacity);
        sealed = Arrays.copyOf(sealed, capacity);
        expires = Arrays.copyOf(expires, capacity);
    }

    @Override
    public int getFactoryId() {
        return SemanticSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SemanticSerialization.POSTINGS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(dims);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeString(keys[i]);
            out.writeString(scopes[i]);
            out.writeString(subjects[i]);
            out.writeByteArray(sealed[i]);
            out.writeLong(expires[i]);
        }
        out.writeFloatArray(vectors.length == size * dims ? vectors : Arrays.copyOf(vectors, size * dims));
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        dims = in.readInt();
        size = in.readInt();
        int capacity = Math.max(size, 1);
        keys = new String[capacity];
        scopes = new String[capacity];
        subjects = new String[capacity];
        sealed = new byte[capacity][];
        expires = new long[capacity];
        for (int i = 0; i < size; i++) {
            keys[i] = in.readString();
            scopes[i] = in.readString().intern();
            subjects[i] = in.readString();
            sealed[i] = in.readByteArray();
            expires[i] = in.readLong();
        }
        float[] v = in.readFloatArray();
        vectors = v.length == capacity * dims ? v : Arrays.copyOf(v, capacity * dims);
    }
}
