package io.carecache.node.internal.semantic;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.projection.Projection;
import com.hazelcast.query.Predicate;
import io.carecache.internal.semantic.QuestionSealer;

import java.io.Serial;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What a key rotation does to the index's sealed questions, on the members: list those under an
 * older key (by the key id in the sealed question's clear header) and swap in the SDK's re-sealed
 * copy if the question is unchanged. The members never see a question in clear.
 */
final class SealedQuestions {
    private SealedQuestions() {
    }

    /** Indexed questions sealed under a key other than the active one. */
    static final class UnderOtherKey implements Predicate<String, IndexedQuestion> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String activeKeyId;

        UnderOtherKey(String activeKeyId) {
            this.activeKeyId = activeKeyId;
        }

        @Override
        public boolean apply(Map.Entry<String, IndexedQuestion> entry) {
            return !QuestionSealer.keyId(entry.getValue().sealedQuestion()).equals(Optional.of(activeKeyId));
        }
    }

    /** A listed question's cache key and sealed bytes, without its vector. */
    static final class KeyAndSealed implements Projection<Map.Entry<String, IndexedQuestion>, Map.Entry<String, byte[]>> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Map.Entry<String, byte[]> transform(Map.Entry<String, IndexedQuestion> entry) {
            return new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue().sealedQuestion());
        }
    }

    /**
     * Replaces the sealed question if it is still the one re-sealed; keeps the entry's expiry.
     * Returns the route of the bucket holding the question's other copy, empty if not replaced.
     */
    static final class Replace implements EntryProcessor<String, IndexedQuestion, String> {
        @Serial
        private static final long serialVersionUID = 2L;
        private final byte[] expected;
        private final byte[] resealed;

        Replace(byte[] expected, byte[] resealed) {
            this.expected = expected.clone();
            this.resealed = resealed.clone();
        }

        @Override
        public String process(Map.Entry<String, IndexedQuestion> entry) {
            IndexedQuestion current = entry.getValue();
            if (current == null || !Arrays.equals(current.sealedQuestion(), expected)) {
                return "";
            }
            ((ExtendedMapEntry<String, IndexedQuestion>) entry).setValueWithoutChangingExpiryTime(
                    current.withSealedQuestion(resealed));
            return current.route(entry.getKey());
        }
    }
}
