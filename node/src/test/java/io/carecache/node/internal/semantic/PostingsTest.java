package io.carecache.node.internal.semantic;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** One bucket's columns on their own: scoring, replacement, removal, expiry. */
class PostingsTest {
    private static final long LATER = Long.MAX_VALUE;
    private final Random random = new Random(1);

    @Test
    void score_manyEntries_bestFirstAsNaiveDotProducts() {
        Postings p = new Postings(37, 2);
        float[][] vectors = new float[50][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = unit(37);
            p.append("k" + i, vectors[i], "shared", "", LATER, 0);
        }
        float[] q = unit(37);
        int best = 0;
        for (int i = 1; i < vectors.length; i++) {
            if (KMeans.dot(q, vectors[i]) > KMeans.dot(q, vectors[best])) {
                best = i;
            }
        }

        Scored s = p.score(q, "shared", "", 0, 3, -1);

        assertThat(s.size()).isEqualTo(3);
        assertThat(s.key(0)).isEqualTo("k" + best);
        assertThat(s.similarity(0)).isCloseTo(KMeans.dot(q, vectors[best]), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s.similarity(1)).isLessThanOrEqualTo(s.similarity(0));
        assertThat(s.similarity(2)).isLessThanOrEqualTo(s.similarity(1));
    }

    @Test
    void append_sameKeyTwice_keepsLatestOnly() {
        Postings p = new Postings(4, 8);
        float[] first = {1, 0, 0, 0};
        float[] second = {0, 1, 0, 0};
        p.append("k", first, "shared", "", LATER, 0);

        p.append("k", second, "shared", "", LATER, 0);

        assertThat(p.size()).isEqualTo(1);
        assertThat(p.score(second, "shared", "", 0, 1, 0.99).size()).isEqualTo(1);
    }

    @Test
    void remove_middleEntry_othersStillScored() {
        Postings p = new Postings(4, 8);
        p.append("a", new float[]{1, 0, 0, 0}, "shared", "", LATER, 0);
        p.append("b", new float[]{0, 1, 0, 0}, "shared", "", LATER, 0);
        p.append("c", new float[]{0, 0, 1, 0}, "shared", "", LATER, 0);

        p.remove("a");

        assertThat(p.size()).isEqualTo(2);
        assertThat(p.score(new float[]{0, 0, 1, 0}, "shared", "", 0, 1, 0.99).key(0)).isEqualTo("c");
        assertThat(p.score(new float[]{1, 0, 0, 0}, "shared", "", 0, 1, 0.5).size()).isZero();
    }

    @Test
    void score_expiredEntry_notReturned() {
        Postings p = new Postings(4, 8);
        p.append("old", new float[]{1, 0, 0, 0}, "shared", "", 100, 0);

        assertThat(p.score(new float[]{1, 0, 0, 0}, "shared", "", 100, 1, 0).size()).isZero();
    }

    private float[] unit(int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Embedder.normalize(v);
    }
}
