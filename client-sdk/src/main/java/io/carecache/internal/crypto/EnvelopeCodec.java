package io.carecache.internal.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.carecache.CacheSettings;
import io.carecache.CareResponse;
import io.carecache.InvalidRequestException;
import io.carecache.KeyRing;
import io.carecache.internal.grid.CacheEntry;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Turns an answer into a sealed {@link CacheEntry} and back: Jackson JSON, deflate, AES-256-GCM
 * under the ring's active key with the cache key as associated data. Plaintext buffers this
 * class allocates are zeroed once sealed. Thread-safe.
 */
public final class EnvelopeCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader RESPONSE_READER = JSON.readerFor(CareResponse.class);
    // zlib streams are costly to create; one per thread, reset between uses.
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);
    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[10]);
    private static final SecureRandom NONCES = new SecureRandom();

    private final AeadCipher cipher;
    private final CacheSettings settings;
    private volatile KeyRing ring;

    public EnvelopeCodec(KeyRing ring, CacheSettings settings, AeadCipher cipher) {
        this.ring = ring;
        this.settings = settings;
        this.cipher = cipher;
    }

    /** Switches to another ring (rotation); entries under the old ring's keys decrypt if it still holds them. */
    public void useKeyRing(KeyRing next) {
        this.ring = next;
    }

    /** The ring in use. */
    public KeyRing keyRing() {
        return ring;
    }

    /** Serializes and validates the answer without sealing it; the caller must {@link #zero} the result. */
    public byte[] serialize(CareResponse response) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(response);
        } catch (IOException e) {
            throw new InvalidRequestException("response", "cannot be serialized as JSON: " + e.getClass().getSimpleName());
        }
        if (json.length > settings.maxResponseBytes()) {
            zero(json);
            throw new InvalidRequestException("response", "is " + json.length + " bytes serialized; the limit ("
                    + CacheSettings.MAX_RESPONSE_BYTES + ") is " + settings.maxResponseBytes() + " bytes");
        }
        return json;
    }

    /** Seals serialized JSON ({@link #serialize}) into an entry; zeroes {@code json}. */
    public CacheEntry seal(String cacheKey, byte[] json, EntryMetadata meta) {
        KeyRing r = ring;
        String keyId = r.activeKeyId();
        return seal(cacheKey, json, meta, new DataKey(keyId, r.secretKey(keyId).orElseThrow()));
    }

    /** Seals under a given data key (a subject's key, say); zeroes {@code json}. */
    public CacheEntry seal(String cacheKey, byte[] json, EntryMetadata meta, DataKey dataKey) {
        String keyId = dataKey.id();
        SecretKey key = dataKey.key();
        byte[] payload = json;
        int flags = 0;
        int length = json.length;
        try {
            if (settings.compressionEnabled()) {
                payload = deflate(json, settings.compressionLevel());
                length = payload.length;
                flags |= CacheEntry.FLAG_COMPRESSED;
            }
            byte[] nonce = new byte[AeadCipher.NONCE_BYTES];
            NONCES.nextBytes(nonce);
            byte[] ciphertext = cipher.encrypt(key, nonce, aad(cacheKey), payload, length);
            return new CacheEntry(cacheKey, keyId, nonce, ciphertext, flags, meta.createdAtMillis(),
                    meta.expiresAtMillis(), meta.fingerprint(), meta.careContexts(), CacheEntry.NO_CLUSTER,
                    meta.scope(), meta.subjectHash(), CacheEntry.ORIGIN_L2);
        } finally {
            zero(json);
            if (payload != json) {
                zero(payload);
            }
        }
    }

    /** Opens an entry stored under {@code cacheKey}; empty when it does not authenticate or decode. */
    public Optional<CareResponse> open(String cacheKey, CacheEntry entry) {
        return ring.secretKey(entry.keyId()).flatMap(key -> open(cacheKey, entry, key));
    }

    /** Opens an entry with a given data key; empty when it does not authenticate or decode. */
    public Optional<CareResponse> open(String cacheKey, CacheEntry entry, SecretKey dataKey) {
        return open(cacheKey, entry, dataKey, false).map(Opened::response);
    }

    /**
     * Opens a compressed entry and re-seals its answer uncompressed: a fresh nonce, the same data key
     * and associated data, so the copy is as safe as the original and opens without inflating. The
     * near cache keeps such copies for the answers it serves over and over. Empty when the entry does
     * not authenticate or decode; an uncompressed entry is returned as its own copy.
     */
    public Optional<Opened> openUncompressed(String cacheKey, CacheEntry entry, SecretKey dataKey) {
        return open(cacheKey, entry, dataKey, entry.isCompressed());
    }

    /**
     * An opened answer and the entry it can be opened from again without inflating.
     *
     * @param response the answer
     * @param uncompressed the entry itself, or its uncompressed re-seal
     */
    public record Opened(CareResponse response, CacheEntry uncompressed) {
    }

    private Optional<Opened> open(String cacheKey, CacheEntry entry, SecretKey dataKey, boolean reseal) {
        if (!cacheKey.equals(entry.key())) {
            return Optional.empty();
        }
        byte[] plain = null;
        byte[] json = null;
        try {
            byte[] aad = aad(cacheKey);
            plain = cipher.decrypt(dataKey, entry.nonce(), aad, entry.ciphertext());
            int length = plain.length;
            if (entry.isCompressed()) {
                Inflated inflated = inflate(plain, settings.maxResponseBytes());
                json = inflated.buffer();
                length = inflated.length();
            } else {
                json = plain;
            }
            // A JSON null authenticates too (written by a key holder): no answer, not an NPE.
            CareResponse response = RESPONSE_READER.readValue(json, 0, length);
            if (response == null) {
                return Optional.empty();
            }
            return Optional.of(new Opened(response, reseal ? resealUncompressed(entry, dataKey, aad, json, length) : entry));
        } catch (EnvelopeAuthenticationFailure | DataFormatException | IOException e) {
            return Optional.empty();
        } finally {
            zero(plain);
            if (json != plain) {
                zero(json);
            }
        }
    }

    private CacheEntry resealUncompressed(CacheEntry entry, SecretKey dataKey, byte[] aad, byte[] json, int length) {
        byte[] nonce = new byte[AeadCipher.NONCE_BYTES];
        NONCES.nextBytes(nonce);
        byte[] ciphertext = cipher.encrypt(dataKey, nonce, aad, json, length);
        return new CacheEntry(entry.key(), entry.keyId(), nonce, ciphertext, entry.flags() & ~CacheEntry.FLAG_COMPRESSED,
                entry.createdAtMillis(), entry.expiresAtMillis(), entry.fingerprint(), entry.careContexts(),
                entry.semanticCluster(), entry.scope(), entry.subjectHash(), entry.origin());
    }

    /** Overwrites a plaintext buffer. */
    public static void zero(byte[] buffer) {
        if (buffer != null) {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    private static byte[] aad(String cacheKey) {
        return cacheKey.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] deflate(byte[] input, int level) {
        Deflater[] perLevel = DEFLATERS.get();
        if (perLevel[level] == null) {
            perLevel[level] = new Deflater(level);
        }
        Deflater deflater = perLevel[level];
        try {
            deflater.setInput(input);
            deflater.finish();
            byte[] out = new byte[Math.max(64, input.length + input.length / 1000 + 64)];
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) {
                    byte[] bigger = Arrays.copyOf(out, out.length * 2);
                    zero(out);
                    out = bigger;
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            byte[] exact = Arrays.copyOf(out, n);
            zero(out);
            return exact;
        } finally {
            deflater.reset();
        }
    }

    /** The inflater's own output buffer and how much of it is the answer: parsed in place, not copied. */
    private record Inflated(byte[] buffer, int length) {
    }

    private static Inflated inflate(byte[] input, int limit) throws DataFormatException {
        Inflater inflater = INFLATERS.get();
        try {
            inflater.setInput(input);
            byte[] out = new byte[Math.min(limit, Math.max(256, input.length * 4))];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= limit) {
                        throw new DataFormatException("inflated answer exceeds the response size limit");
                    }
                    byte[] bigger = Arrays.copyOf(out, Math.min(limit, out.length * 2));
                    zero(out);
                    out = bigger;
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated deflate stream");
                }
                n += got;
            }
            return new Inflated(out, n);
        } finally {
            inflater.reset();
        }
    }

    /**
     * A data key an envelope is sealed under.
     *
     * @param id the id recorded in the entry ({@link CacheEntry#keyId()})
     * @param key the AES-256 key
     */
    public record DataKey(String id, SecretKey key) {
    }

    /**
     * Clear metadata stored beside the envelope.
     *
     * @param createdAtMillis when stored
     * @param expiresAtMillis when it expires in every tier
     * @param fingerprint the context fingerprint
     * @param careContexts the care contexts
     * @param scope {@code shared} or {@code subject}
     * @param subjectHash one-way subject id, or empty
     */
    public record EntryMetadata(long createdAtMillis, long expiresAtMillis, String fingerprint,
                                List<String> careContexts, String scope, String subjectHash) {
    }
}
