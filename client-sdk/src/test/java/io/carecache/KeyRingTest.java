package io.carecache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRingTest {
    private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void fromFile_ringFile_readsActiveKeyAndIds(@TempDir Path dir) throws Exception {
        KeyRing generated = KeyRing.generate("2026-01").rotateTo("2026-02", KeyRing.randomKey());
        Path file = dir.resolve("ring.properties");
        Files.writeString(file, generated.toRingFileText());
        KeyRing read = KeyRing.fromFile(file);
        assertThat(read.activeKeyId()).isEqualTo("2026-02");
        assertThat(read.keyIds()).containsExactlyInAnyOrder("2026-01", "2026-02");
        assertThat(read.secretKey("2026-01").orElseThrow().getEncoded())
                .isEqualTo(generated.secretKey("2026-01").orElseThrow().getEncoded());
    }

    @Test
    void fromEnvironment_keysAndActiveId_readsTheRing() {
        KeyRing ring = KeyRing.fromEnvironment(Map.of(KeyRing.ENV_KEYS, "k1:" + K1, KeyRing.ENV_ACTIVE, "k1"));
        assertThat(ring.activeKeyId()).isEqualTo("k1");
    }

    @Test
    void fromEnvironment_nothingSet_explainsWhatToSet() {
        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of()))
                .isInstanceOf(KeyRingException.class)
                .hasMessageContaining(KeyRing.ENV_FILE).hasMessageContaining(KeyRing.ENV_KEYS);
    }

    @Test
    void parse_shortKey_isRefusedWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyRing.parse(new StringReader("active=k\nkey.k=" + shortKey)))
                .isInstanceOf(KeyRingException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void parse_activeIdNotInRing_isRefused() {
        assertThatThrownBy(() -> KeyRing.parse(new StringReader("active=k2\nkey.k1=" + K1)))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("k2");
    }

    @Test
    void parse_unknownEntry_isRefused() {
        assertThatThrownBy(() -> KeyRing.parse(new StringReader("active=k1\nkey.k1=" + K1 + "\nactve=k1")))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("actve");
    }

    @Test
    void rotateTo_existingId_isRefused() {
        KeyRing ring = KeyRing.generate("k1");
        assertThatThrownBy(() -> ring.rotateTo("k1", KeyRing.randomKey())).isInstanceOf(KeyRingException.class);
    }

    @Test
    void toString_neverShowsKeyMaterial() {
        KeyRing ring = KeyRing.of("k1", Map.of("k1", new byte[32]));
        assertThat(ring.toString()).doesNotContain(K1).contains("k1");
    }
}
