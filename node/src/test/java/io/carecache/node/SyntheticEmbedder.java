package io.carecache.node;

import io.carecache.node.internal.semantic.Embedder;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in embedding model for tests where the model is not the point: a fixed pseudo-random
 * unit vector per text (same text, same vector), 384 dimensions like BGE, and a count of calls so
 * a test can prove nothing was embedded.
 */
final class SyntheticEmbedder implements Embedder {
    static final int DIMENSIONS = 384;
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public String modelId() {
        return "synthetic-384";
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        calls.incrementAndGet();
        return vector(new Random(java.util.Arrays.hashCode(text.getBytes(StandardCharsets.UTF_8))));
    }

    int calls() {
        return calls.get();
    }

    /** A random unit vector. */
    static float[] vector(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Embedder.normalize(v);
    }

    /** {@code base} moved a little (cosine to it about {@code 1 - noise²/2}), unit length. */
    static float[] near(float[] base, double noise, Random random) {
        float[] v = new float[base.length];
        double scale = noise / Math.sqrt(base.length);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (base[i] + random.nextGaussian() * scale);
        }
        return Embedder.normalize(v);
    }
}
