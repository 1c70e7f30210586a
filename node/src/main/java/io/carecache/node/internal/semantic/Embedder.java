package io.carecache.node.internal.semantic;

import java.util.List;

/**
 * Turns questions into unit-length vectors for semantic matching. Implementations are
 * thread-safe. Text passed here is used for the embedding only and never stored.
 */
public interface Embedder extends AutoCloseable {

    /** The model's identity; vectors from different models are never compared. */
    String modelId();

    /**
     * The length of this model's vectors. The default embeds a probe once; models that know it
     * say so without loading anything.
     */
    default int dimensions() {
        return embed("dimensions").length;
    }

    /** The unit-length embedding of one question. */
    float[] embed(String text);

    /** Embeddings of several questions, in order; implementations batch where it pays. */
    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    @Override
    default void close() {
    }

    /** Cosine similarity of two unit-length vectors (their dot product). */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different dimensions: " + a.length + " and " + b.length);
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /** {@code v} scaled to unit length (a copy); a zero vector is returned as is. */
    static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = v.clone();
        if (norm > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] / norm);
            }
        }
        return out;
    }
}
