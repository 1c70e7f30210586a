package io.carecache.internal.semantic;

import io.carecache.KeyRing;
import io.carecache.internal.crypto.JceAesGcm;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A sealed question names its key in clear, and re-sealing moves it to the ring's active key. */
class QuestionSealerTest {
    private static final String KEY = "a".repeat(64);
    private static final byte[] OLD = KeyRing.randomKey();
    private static final byte[] NEW = KeyRing.randomKey();

    @Test
    void keyId_sealedQuestion_isTheActiveKeyAtSealing() {
        QuestionSealer sealer = new QuestionSealer(() -> KeyRing.of("old", Map.of("old", OLD)), new JceAesGcm());

        assertThat(QuestionSealer.keyId(sealer.seal(KEY, "how long does the flu last"))).contains("old");
    }

    @Test
    void keyId_bytesThatAreNoSealedQuestion_isEmpty() {
        assertThat(QuestionSealer.keyId(new byte[0])).isEmpty();
        assertThat(QuestionSealer.keyId(new byte[] {9, 1, 'x'})).isEmpty();
        assertThat(QuestionSealer.keyId(new byte[] {1, 40, 'x'})).as("key id longer than the bytes").isEmpty();
    }

    @Test
    void reseal_afterRotation_opensWithOnlyTheNewKey() {
        AtomicReference<KeyRing> ring = new AtomicReference<>(KeyRing.of("old", Map.of("old", OLD)));
        QuestionSealer sealer = new QuestionSealer(ring::get, new JceAesGcm());
        byte[] sealed = sealer.seal(KEY, "how long does the flu last");
        ring.set(ring.get().rotateTo("new", NEW));

        byte[] resealed = sealer.reseal(KEY, sealed).orElseThrow();

        assertThat(QuestionSealer.keyId(resealed)).contains("new");
        QuestionSealer newOnly = new QuestionSealer(() -> KeyRing.of("new", Map.of("new", NEW)), new JceAesGcm());
        assertThat(newOnly.open(KEY, resealed)).contains("how long does the flu last");
        assertThat(newOnly.open(KEY, sealed)).isEmpty();
    }

    @Test
    void reseal_underAKeyTheRingLacks_isEmpty() {
        byte[] sealed = new QuestionSealer(() -> KeyRing.of("lost", Map.of("lost", OLD)), new JceAesGcm())
                .seal(KEY, "how long does the flu last");

        assertThat(new QuestionSealer(() -> KeyRing.of("new", Map.of("new", NEW)), new JceAesGcm()).reseal(KEY, sealed))
                .isEmpty();
    }
}
