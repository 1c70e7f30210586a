package io.carecache.benchmarks;

import io.carecache.node.internal.semantic.Embedder;

import java.util.random.RandomGenerator;

/** Seeded stand-ins for question embeddings: 384-dimension unit vectors grouped around topics. */
final class SyntheticVectors {
    /** BGE-small's dimension. */
    static final int DIMS = 384;

    private SyntheticVectors() {
    }

    /** A random unit vector. */
    static float[] unit(RandomGenerator random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Embedder.normalize(v);
    }

    /** {@code around} moved by noise of norm about {@code noise}, unit length. */
    static float[] near(RandomGenerator random, float[] around, double noise) {
        float[] v = new float[DIMS];
        double scale = noise / Math.sqrt(DIMS);
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) (around[i] + random.nextGaussian() * scale);
        }
        return Embedder.normalize(v);
    }
}
