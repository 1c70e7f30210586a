package io.carecache.node.internal.semantic;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** One bucket's columns on their own: scoring, replacement, removal, expiry, re-sealing, serialization. */
class PostingsTest {
    private static final long LATER = Long.MAX_VALUE;
    private static final byte[] SEALED = {1, 2, 3};
    private final Random random = new Random(1);

    @Test
    void score_manyEntries_bestFirstAsNaiveDotProducts() {
        Postings p = new Postings(37, 2);
        float[][] vectors = new float[50][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = unit(37);
            p.append("k" + i, vectors[i], "shared", "", SEALED, LATER, 0);
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
        p.append("k", first, "shared", "", SEALED, LATER, 0);

        p.append("k", second, "shared", "", SEALED, LATER, 0);

        assertThat(p.size()).isEqualTo(1);
        assertThat(p.score(second, "shared", "", 0, 1, 0.99).size()).isEqualTo(1);
    }

    @Test
    void remove_middleEntry_othersStillScored() {
        Postings p = new Postings(4, 8);
        p.append("a", new float[]{1, 0, 0, 0}, "shared", "", SEALED, LATER, 0);
        p.append("b", new float[]{0, 1, 0, 0}, "shared", "", SEALED, LATER, 0);
        p.append("c", new float[]{0, 0, 1, 0}, "shared", "", SEALED, LATER, 0);

        p.remove("a");

        assertThat(p.size()).isEqualTo(2);
        assertThat(p.score(new float[]{0, 0, 1, 0}, "shared", "", 0, 1, 0.99).key(0)).isEqualTo("c");
        assertThat(p.score(new float[]{1, 0, 0, 0}, "shared", "", 0, 1, 0.5).size()).isZero();
    }

    @Test
    void score_expiredEntry_notReturned() {
        Postings p = new Postings(4, 8);
        p.append("old", new float[]{1, 0, 0, 0}, "shared", "", SEALED, 100, 0);

        assertThat(p.score(new float[]{1, 0, 0, 0}, "shared", "", 100, 1, 0).size()).isZero();
    }

    @Test
    void score_entry_returnsItsSealedQuestion() {
        Postings p = new Postings(4, 8);
        p.append("a", new float[]{1, 0, 0, 0}, "shared", "", new byte[]{7}, LATER, 0);
        p.append("b", new float[]{0, 1, 0, 0}, "shared", "", new byte[]{8}, LATER, 0);

        Scored s = p.score(new float[]{0, 1, 0, 0}, "shared", "", 0, 1, 0.5);

        assertThat(s.key(0)).isEqualTo("b");
        assertThat(s.sealedQuestion(0)).containsExactly(8);
    }

    @Test
    void reseal_expectedCopy_replacesIt() {
        Postings p = new Postings(4, 8);
        p.append("a", new float[]{1, 0, 0, 0}, "shared", "", new byte[]{7}, LATER, 0);

        assertThat(p.reseal("a", new byte[]{7}, new byte[]{9})).isTrue();

        assertThat(p.score(new float[]{1, 0, 0, 0}, "shared", "", 0, 1, 0.5).sealedQuestion(0)).containsExactly(9);
    }

    @Test
    void reseal_otherCopyThanExpected_keepsTheCurrentOne() {
        Postings p = new Postings(4, 8);
        p.append("a", new float[]{1, 0, 0, 0}, "shared", "", new byte[]{7}, LATER, 0);

        assertThat(p.reseal("a", new byte[]{6}, new byte[]{9})).isFalse();

        assertThat(p.score(new float[]{1, 0, 0, 0}, "shared", "", 0, 1, 0.5).sealedQuestion(0)).containsExactly(7);
    }

    @Test
    void serialization_bucketAndScores_roundTripWithTheirSealedQuestions() {
        SerializationService serialization = new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(SemanticSerialization.FACTORY_ID, SemanticSerialization::create).build();
        Postings p = new Postings(4, 8);
        p.append("a", new float[]{1, 0, 0, 0}, "shared", "", new byte[]{7}, LATER, 0);
        p.append("b", new float[]{0, 1, 0, 0}, "subject", "s1", new byte[]{8, 9}, LATER, 0);

        Postings copy = serialization.toObject(serialization.toData(p));
        Scored scored = serialization.toObject(serialization.toData(copy.score(new float[]{0, 1, 0, 0}, "subject", "s1", 0, 2, 0.5)));

        assertThat(copy.size()).isEqualTo(2);
        assertThat(scored.size()).isEqualTo(1);
        assertThat(scored.key(0)).isEqualTo("b");
        assertThat(scored.sealedQuestion(0)).containsExactly(8, 9);
    }

    private float[] unit(int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Embedder.normalize(v);
    }
}
