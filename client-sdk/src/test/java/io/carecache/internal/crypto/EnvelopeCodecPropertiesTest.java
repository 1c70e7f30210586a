package io.carecache.internal.crypto;

import io.carecache.CacheSettings;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.semantic.QuestionSealer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the envelope decoder: whatever the grid or MongoDB hands back — random bytes, a real
 * envelope truncated or with a bit flipped, authenticated bytes that are not a deflated JSON answer,
 * a decompression bomb — {@link EnvelopeCodec#open} says "empty" (a MISS for the facade) and never
 * throws or allocates beyond the response size limit. Both cipher implementations are fuzzed; so is
 * the sealed-question layout of the semantic index, whose only declared length is one byte.
 */
class EnvelopeCodecPropertiesTest {
    private static final String KEY = "b".repeat(64);
    private static final EnvelopeCodec.EntryMetadata META =
            new EnvelopeCodec.EntryMetadata(1_000, 2_000, "fp", List.of("diabetes"), "shared", "");
    private static final KeyRing RING = KeyRing.generate("k1");
    private static final List<AeadCipher> CIPHERS = List.of(new JceAesGcm(), new BouncyCastleAesGcm());

    @Property(tries = 1000)
    void open_randomEnvelope_isEmpty(@ForAll @Size(max = 40) byte[] nonce, @ForAll @Size(max = 600) byte[] ciphertext,
                                     @ForAll @IntRange(min = 0, max = 3) int flags, @ForAll boolean bouncyCastle) {
        CacheEntry entry = entry(KEY, "k1", nonce, ciphertext, flags);
        assertThat(codec(bouncyCastle, CacheSettings.DEFAULTS).open(KEY, entry)).isEmpty();
    }

    @Property(tries = 500)
    void open_truncatedRealEnvelope_isEmpty(@ForAll("answers") CareResponse answer, @ForAll boolean compressed,
                                            @ForAll @IntRange(min = 0, max = 10_000) int cut, @ForAll boolean bouncyCastle) {
        EnvelopeCodec codec = codec(bouncyCastle, settings(compressed));
        CacheEntry real = codec.seal(KEY, codec.serialize(answer), META);
        byte[] truncated = Arrays.copyOf(real.ciphertext(), cut % real.ciphertext().length);
        assertThat(codec.open(KEY, withCiphertext(real, truncated))).isEmpty();
    }

    @Property(tries = 500)
    void open_bitFlippedRealEnvelope_isEmpty(@ForAll("answers") CareResponse answer, @ForAll boolean compressed,
                                             @ForAll @IntRange(min = 0, max = 100_000) int bit, @ForAll boolean inNonce,
                                             @ForAll boolean bouncyCastle) {
        EnvelopeCodec codec = codec(bouncyCastle, settings(compressed));
        CacheEntry real = codec.seal(KEY, codec.serialize(answer), META);
        byte[] target = (inNonce ? real.nonce() : real.ciphertext()).clone();
        target[(bit / 8) % target.length] ^= (byte) (1 << (bit % 8));
        CacheEntry flipped = inNonce ? entry(KEY, "k1", target, real.ciphertext(), real.flags())
                : withCiphertext(real, target);
        assertThat(codec.open(KEY, flipped)).isEmpty();
        // the genuine one still opens: the rejection came from the flip
        assertThat(codec.open(KEY, real)).contains(answer);
    }

    @Property(tries = 300)
    void open_realEnvelopeUnderAnotherCacheKey_isEmpty(@ForAll("answers") CareResponse answer,
                                                       @ForAll @StringLength(min = 1, max = 64) String otherKey) {
        EnvelopeCodec codec = codec(false, CacheSettings.DEFAULTS);
        CacheEntry real = codec.seal(KEY, codec.serialize(answer), META);
        String other = otherKey.equals(KEY) ? otherKey + "x" : otherKey;
        CacheEntry moved = entry(other, real.keyId(), real.nonce(), real.ciphertext(), real.flags());
        assertThat(codec.open(other, moved)).isEmpty();
    }

    /** Bytes that authenticate (sealed under the real key) but are not a deflated JSON answer. */
    @Property(tries = 1000)
    void open_authenticatedGarbage_isEmptyOrAnAnswer(@ForAll @Size(max = 2000) byte[] plaintext,
                                                     @ForAll boolean compressedFlag, @ForAll boolean bouncyCastle) {
        AeadCipher cipher = CIPHERS.get(bouncyCastle ? 1 : 0);
        byte[] nonce = freshNonce();
        byte[] ciphertext = cipher.encrypt(RING.secretKey("k1").orElseThrow(), nonce, KEY.getBytes(), plaintext, plaintext.length);
        CacheEntry entry = entry(KEY, "k1", nonce, ciphertext, compressedFlag ? CacheEntry.FLAG_COMPRESSED : 0);
        Optional<CareResponse> opened = codec(bouncyCastle, CacheSettings.DEFAULTS).open(KEY, entry);
        assertThat(opened).isNotNull();
    }

    @Property(tries = 200)
    void open_authenticatedJsonLikeGarbage_isEmptyOrAnAnswer(@ForAll("jsonish") String json, @ForAll boolean compressed) {
        byte[] plain = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] payload = compressed ? deflate(plain) : plain;
        AeadCipher cipher = CIPHERS.get(0);
        byte[] nonce = freshNonce();
        byte[] ciphertext = cipher.encrypt(RING.secretKey("k1").orElseThrow(), nonce, KEY.getBytes(), payload, payload.length);
        CacheEntry entry = entry(KEY, "k1", nonce, ciphertext, compressed ? CacheEntry.FLAG_COMPRESSED : 0);
        assertThat(codec(false, CacheSettings.DEFAULTS).open(KEY, entry)).isNotNull();
    }

    /**
     * A decompression bomb: 64 MiB of zeros deflate to ~64 KiB. Authenticated, it reaches the
     * inflater, which must stop at the response size limit (1 MiB by default) — not allocate the
     * declared size.
     */
    @Example
    void open_decompressionBomb_isEmptyAndAllocatesBoundedMemory() {
        byte[] bomb = deflate(new byte[64 * 1024 * 1024]);
        byte[] nonce = freshNonce();
        byte[] ciphertext = new JceAesGcm().encrypt(RING.secretKey("k1").orElseThrow(), nonce, KEY.getBytes(), bomb, bomb.length);
        CacheEntry entry = entry(KEY, "k1", nonce, ciphertext, CacheEntry.FLAG_COMPRESSED);
        EnvelopeCodec codec = codec(false, CacheSettings.DEFAULTS);
        codec.open(KEY, entry); // warm up thread-locals and classes
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        Optional<CareResponse> opened = codec.open(KEY, entry);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(opened).isEmpty();
        // decrypted bomb (~64 KiB) + doubling buffers up to the 1 MiB limit: a few MiB, never 64
        assertThat(allocated).isLessThan(8L * 1024 * 1024);
    }

    /** A raw key that is not in the ring (a ring of another deployment) fails like a forged envelope. */
    @Property(tries = 200)
    void open_sealedUnderForeignKeyWithSameId_isEmpty(@ForAll("answers") CareResponse answer, @ForAll @Size(32) byte[] raw) {
        EnvelopeCodec foreign = new EnvelopeCodec(KeyRing.of("k1", java.util.Map.of("k1", raw)), CacheSettings.DEFAULTS,
                new JceAesGcm());
        CacheEntry entry = foreign.seal(KEY, foreign.serialize(answer), META);
        boolean sameKey = Arrays.equals(raw, RING.secretKey("k1").orElseThrow().getEncoded());
        assertThat(codec(false, CacheSettings.DEFAULTS).open(KEY, entry).isPresent()).isEqualTo(sameKey);
        assertThat(new SecretKeySpec(raw, "AES").getEncoded()).hasSize(32);
    }

    /** The sealed question beside an indexed vector: version, key-id length (one byte, so at most 255), key id, nonce, ciphertext. */
    @Property(tries = 1000)
    void openQuestion_randomBytes_isEmpty(@ForAll @Size(max = 400) byte[] sealed) {
        assertThat(new QuestionSealer(() -> RING, new JceAesGcm()).open(KEY, sealed)).isEmpty();
    }

    @Property(tries = 500)
    void openQuestion_truncatedOrFlippedRealSeal_isEmpty(@ForAll @StringLength(min = 1, max = 200) String question,
                                                          @ForAll @IntRange(min = 0, max = 100_000) int position,
                                                          @ForAll boolean truncate) {
        QuestionSealer sealer = new QuestionSealer(() -> RING, new JceAesGcm());
        byte[] sealed = sealer.seal(KEY, question);
        byte[] damaged;
        if (truncate) {
            damaged = Arrays.copyOf(sealed, position % sealed.length);
        } else {
            damaged = sealed.clone();
            damaged[(position / 8) % damaged.length] ^= (byte) (1 << (position % 8));
        }
        assertThat(sealer.open(KEY, damaged)).isEmpty();
        assertThat(sealer.open(KEY, sealed)).contains(new String(question.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<CareResponse> answers() {
        return net.jqwik.api.Combinators.combine(
                Arbitraries.strings().ofMaxLength(400),
                Arbitraries.strings().alpha().ofMaxLength(20).list().ofMaxSize(4),
                Arbitraries.doubles().between(0, 1))
                .as(CareResponse::new);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"ai_response\"", "\"rag_sources\"",
                "\"confidence_score\"", "\"x\"", "1", "-1e999", "2", "null", "true", "0.5", "\"\\ud800\"", " ");
        return tokens.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    private static byte[] freshNonce() {
        byte[] nonce = new byte[AeadCipher.NONCE_BYTES];
        new java.security.SecureRandom().nextBytes(nonce);
        return nonce;
    }

    private static EnvelopeCodec codec(boolean bouncyCastle, CacheSettings settings) {
        return new EnvelopeCodec(RING, settings, CIPHERS.get(bouncyCastle ? 1 : 0));
    }

    private static CacheSettings settings(boolean compressed) {
        return CacheSettings.builder().compression(compressed, 6).build();
    }

    private static CacheEntry entry(String key, String keyId, byte[] nonce, byte[] ciphertext, int flags) {
        return new CacheEntry(key, keyId, nonce, ciphertext, flags, 1_000, 2_000, "fp", List.of(), CacheEntry.NO_CLUSTER,
                "shared", "", CacheEntry.ORIGIN_L2);
    }

    private static CacheEntry withCiphertext(CacheEntry e, byte[] ciphertext) {
        return entry(e.key(), e.keyId(), e.nonce(), ciphertext, e.flags());
    }

    private static byte[] deflate(byte[] input) {
        Deflater d = new Deflater(9);
        d.setInput(input);
        d.finish();
        byte[] out = new byte[input.length / 100 + 1024];
        int n = 0;
        while (!d.finished()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            n += d.deflate(out, n, out.length - n);
        }
        d.end();
        return Arrays.copyOf(out, n);
    }
}
