package io.carecache.internal.crypto;

import io.carecache.CacheSettings;
import io.carecache.CareResponse;
import io.carecache.InvalidRequestException;
import io.carecache.KeyRing;
import io.carecache.internal.grid.CacheEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCodecTest {
    private static final String KEY = "a".repeat(64);
    private static final EnvelopeCodec.EntryMetadata META =
            new EnvelopeCodec.EntryMetadata(1_000, 2_000, "fp", List.of("diabetes"), "shared", "");
    private static final CareResponse ANSWER = new CareResponse(
            "Try slow breathing: in for 4, out for 6. Ünïcødé ✓ and \"quotes\".",
            List.of("ada-standards-2024", "nimh-anxiety"), 0.9234567891234567);

    private final KeyRing ring = KeyRing.generate("k1");
    private final EnvelopeCodec codec = new EnvelopeCodec(ring, CacheSettings.DEFAULTS, new JceAesGcm());

    @Test
    void open_afterSeal_returnsTheExactResponse() {
        CacheEntry entry = codec.seal(KEY, codec.serialize(ANSWER), META);
        assertThat(codec.open(KEY, entry)).contains(ANSWER);
        assertThat(entry.keyId()).isEqualTo("k1");
        assertThat(entry.nonce()).hasSize(12);
        assertThat(entry.isCompressed()).isTrue();
    }

    @Test
    void open_answerFillingTheInflateBufferExactly_returnsTheExactResponse() {
        // The answer is parsed inside the inflater's buffer: one exactly as long as the size limit
        // fills the last, limit-sized buffer to its final byte.
        int limit = 5_000;
        EnvelopeCodec limited = new EnvelopeCodec(ring, CacheSettings.builder().maxResponseBytes(limit).build(),
                new JceAesGcm());
        String text = "Take it with food. ";
        int jsonBytes = limited.serialize(new CareResponse(text, List.of(), 0.5)).length;
        CareResponse exact = new CareResponse(text + "x".repeat(limit - jsonBytes), List.of(), 0.5);
        byte[] json = limited.serialize(exact);
        assertThat(json).hasSize(limit);

        assertThat(limited.open(KEY, limited.seal(KEY, json, META))).contains(exact);
    }

    @Test
    void seal_zeroesThePlaintextBuffer() {
        byte[] json = codec.serialize(ANSWER);
        codec.seal(KEY, json, META);
        assertThat(json).containsOnly(0);
    }

    @Test
    void seal_ciphertextDoesNotContainThePlaintext() {
        CareResponse marked = new CareResponse("MARKER-7f3a91 " + "repeat ".repeat(50), List.of(), 0.5);
        EnvelopeCodec uncompressed = new EnvelopeCodec(ring,
                CacheSettings.builder().compression(false, 1).build(), new JceAesGcm());
        CacheEntry entry = uncompressed.seal(KEY, uncompressed.serialize(marked), META);
        assertThat(new String(entry.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("MARKER-7f3a91");
    }

    @Test
    void openUncompressed_compressedEntry_returnsTheAnswerAndAnUncompressedCopyThatOpensToIt() {
        CacheEntry entry = codec.seal(KEY, codec.serialize(ANSWER), META);

        EnvelopeCodec.Opened opened = codec.openUncompressed(KEY, entry, ring.secretKey("k1").orElseThrow()).orElseThrow();

        assertThat(opened.response()).isEqualTo(ANSWER);
        CacheEntry copy = opened.uncompressed();
        assertThat(copy.isCompressed()).isFalse();
        assertThat(copy.keyId()).isEqualTo(entry.keyId());
        assertThat(copy.nonce()).isNotEqualTo(entry.nonce());
        assertThat(codec.open(KEY, copy)).contains(ANSWER);
    }

    @Test
    void openUncompressed_copyCiphertextDoesNotContainThePlaintext() {
        CareResponse marked = new CareResponse("MARKER-7f3a91 " + "repeat ".repeat(50), List.of(), 0.5);
        CacheEntry entry = codec.seal(KEY, codec.serialize(marked), META);

        CacheEntry copy = codec.openUncompressed(KEY, entry, ring.secretKey("k1").orElseThrow()).orElseThrow().uncompressed();

        assertThat(new String(copy.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("MARKER-7f3a91");
    }

    @Test
    void openUncompressed_flippedCiphertextBit_isEmpty() {
        CacheEntry entry = codec.seal(KEY, codec.serialize(ANSWER), META);
        entry.ciphertext()[3] ^= 1;
        assertThat(codec.openUncompressed(KEY, entry, ring.secretKey("k1").orElseThrow())).isEmpty();
    }

    @Test
    void openUncompressed_uncompressedEntry_isItsOwnCopy() {
        EnvelopeCodec plain = new EnvelopeCodec(ring, CacheSettings.builder().compression(false, 1).build(), new JceAesGcm());
        CacheEntry entry = plain.seal(KEY, plain.serialize(ANSWER), META);
        assertThat(plain.openUncompressed(KEY, entry, ring.secretKey("k1").orElseThrow()).orElseThrow().uncompressed())
                .isSameAs(entry);
    }

    @Test
    void seal_twice_usesFreshNonces() {
        CacheEntry a = codec.seal(KEY, codec.serialize(ANSWER), META);
        CacheEntry b = codec.seal(KEY, codec.serialize(ANSWER), META);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
    }

    @Test
    void open_flippedCiphertextBit_isEmpty() {
        CacheEntry entry = codec.seal(KEY, codec.serialize(ANSWER), META);
        entry.ciphertext()[3] ^= 1;
        assertThat(codec.open(KEY, entry)).isEmpty();
    }

    @Test
    void open_entryCopiedUnderAnotherKey_isEmpty() {
        CacheEntry entry = codec.seal(KEY, codec.serialize(ANSWER), META);
        String other = "b".repeat(64);
        CacheEntry moved = new CacheEntry(other, entry.keyId(), entry.nonce(), entry.ciphertext(), entry.flags(),
                1, 2, "fp", List.of(), -1, "shared", "", 0);
        assertThat(codec.open(other, moved)).isEmpty();
    }

    @Test
    void open_unknownKeyId_isEmpty() {
        CacheEntry entry = codec.seal(KEY, codec.serialize(ANSWER), META);
        EnvelopeCodec stranger = new EnvelopeCodec(KeyRing.generate("k9"), CacheSettings.DEFAULTS, new JceAesGcm());
        assertThat(stranger.open(KEY, entry)).isEmpty();
    }

    @Test
    void open_afterRotation_oldEntriesStillDecrypt() {
        CacheEntry old = codec.seal(KEY, codec.serialize(ANSWER), META);
        codec.useKeyRing(ring.rotateTo("k2", KeyRing.randomKey()));
        CacheEntry fresh = codec.seal(KEY, codec.serialize(ANSWER), META);
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(codec.open(KEY, old)).contains(ANSWER);
        assertThat(codec.open(KEY, fresh)).contains(ANSWER);
    }

    @Test
    void serialize_responseOverLimit_namesTheFieldAndLimit() {
        CareResponse huge = new CareResponse("x".repeat(2 * 1024 * 1024), List.of(), 0.1);
        assertThatThrownBy(() -> codec.serialize(huge))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("response")
                .hasMessageContaining(CacheSettings.MAX_RESPONSE_BYTES)
                .hasMessageContaining("1048576");
    }

    @Test
    void bouncyCastle_decryptsWhatJceEncrypts() {
        AeadCipher jce = new JceAesGcm();
        AeadCipher bc = new BouncyCastleAesGcm();
        byte[] nonce = new byte[12];
        byte[] aad = "key".getBytes(StandardCharsets.UTF_8);
        byte[] plain = "interoperable".getBytes(StandardCharsets.UTF_8);
        var key = ring.secretKey("k1").orElseThrow();
        assertThat(bc.decrypt(key, nonce, aad, jce.encrypt(key, nonce, aad, plain, plain.length))).isEqualTo(plain);
        assertThat(jce.decrypt(key, nonce, aad, bc.encrypt(key, nonce, aad, plain, plain.length))).isEqualTo(plain);
    }
}
