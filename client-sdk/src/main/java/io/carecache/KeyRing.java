package io.carecache;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The data keys of envelope encryption: key id to 256-bit AES key, one of them active. New
 * entries are encrypted under the active key; entries under any other key of the ring still
 * decrypt, so rotation is "add a key, make it active".
 *
 * <p>Sources, in the format {@link #parse(Reader)} reads ({@code active=ID} and one
 * {@code key.ID=BASE64} line per key):
 * <ul>
 *   <li>{@link #fromFile(Path)} — a file readable only by the application;</li>
 *   <li>{@link #fromEnvironment()} — {@code CARECACHE_KEY_RING_FILE} naming such a file, or
 *       {@code CARECACHE_KEYS=id:BASE64,id2:BASE64} with {@code CARECACHE_ACTIVE_KEY_ID=id2}.</li>
 * </ul>
 * Members of the grid never need a key ring: only applications encrypt and decrypt.
 */
public final class KeyRing {
    /** Environment variable naming a key ring file. */
    public static final String ENV_FILE = "CARECACHE_KEY_RING_FILE";
    /** Environment variable holding {@code id:BASE64} pairs separated by commas. */
    public static final String ENV_KEYS = "CARECACHE_KEYS";
    /** Environment variable naming the active key id when {@link #ENV_KEYS} is used. */
    public static final String ENV_ACTIVE = "CARECACHE_ACTIVE_KEY_ID";

    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String activeKeyId, Map<String, SecretKey> keys) {
        if (!keys.containsKey(activeKeyId)) {
            throw new KeyRingException("active key id '" + activeKeyId + "' is not in the ring " + keys.keySet());
        }
        this.activeKeyId = activeKeyId;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** A ring from raw 32-byte keys. The arrays are copied. */
    public static KeyRing of(String activeKeyId, Map<String, byte[]> rawKeys) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        rawKeys.forEach((id, raw) -> keys.put(checkId(id), toKey(id, raw)));
        return new KeyRing(activeKeyId, keys);
    }

    /** A ring with one freshly generated random key: for development and tests. */
    public static KeyRing generate(String keyId) {
        return of(keyId, Map.of(keyId, randomKey()));
    }

    /** 32 random bytes from a {@link SecureRandom}, suitable as a data key. */
    public static byte[] randomKey() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return raw;
    }

    /** Reads a ring file ({@code active=ID}, {@code key.ID=BASE64}). */
    public static KeyRing fromFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            throw new KeyRingException("cannot read key ring file " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Reads the ring from the environment (see the class description). */
    public static KeyRing fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the ring from the given environment map (see the class description). */
    public static KeyRing fromEnvironment(Map<String, String> env) {
        String file = env.get(ENV_FILE);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        String pairs = env.get(ENV_KEYS);
        if (pairs == null || pairs.isBlank()) {
            throw new KeyRingException("no key ring: set " + ENV_FILE + " or " + ENV_KEYS + " and " + ENV_ACTIVE);
        }
        StringBuilder text = new StringBuilder();
        for (String pair : pairs.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new KeyRingException(ENV_KEYS + " must hold id:BASE64 pairs separated by commas");
            }
            text.append("key.").append(pair, 0, colon).append('=').append(pair.substring(colon + 1)).append('\n');
        }
        String active = env.get(ENV_ACTIVE);
        if (active == null || active.isBlank()) {
            throw new KeyRingException(ENV_ACTIVE + " must name the active key id");
        }
        text.append("active=").append(active.trim()).append('\n');
        return parse(new StringReader(text.toString()));
    }

    /** Parses the ring format: {@code active=ID} and one {@code key.ID=BASE64} per key. */
    public static KeyRing parse(Reader reader) {
        Properties props = new Properties();
        try {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyRingException("malformed key ring: " + e.getMessage());
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String active = null;
        for (String name : props.stringPropertyNames()) {
            String value = props.getProperty(name).trim();
            if (name.equals("active")) {
                active = value;
            } else if (name.startsWith("key.")) {
                String id = checkId(name.substring(4));
                keys.put(id, toKey(id, decode(id, value)));
            } else {
                throw new KeyRingException("unknown key ring entry '" + name + "' (allowed: active, key.<id>)");
            }
        }
        if (active == null) {
            throw new KeyRingException("key ring has no 'active' entry naming the active key id");
        }
        return new KeyRing(active, keys);
    }

    /** A new ring with {@code keyId} added and made active; this ring's keys keep decrypting. */
    public KeyRing rotateTo(String keyId, byte[] rawKey) {
        if (keys.containsKey(keyId)) {
            throw new KeyRingException("key id '" + keyId + "' is already in the ring; key ids are never reused");
        }
        Map<String, SecretKey> next = new LinkedHashMap<>(keys);
        next.put(checkId(keyId), toKey(keyId, rawKey));
        return new KeyRing(keyId, next);
    }

    /** The id of the key new entries are encrypted under. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** Every key id of the ring. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The key with this id, if the ring holds it. */
    public Optional<SecretKey> secretKey(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** Writes the ring in the format {@link #parse(Reader)} reads (for tooling; the output holds key material). */
    public String toRingFileText() {
        StringBuilder out = new StringBuilder("active=").append(activeKeyId).append('\n');
        keys.forEach((id, key) -> out.append("key.").append(id).append('=')
                .append(Base64.getEncoder().encodeToString(key.getEncoded())).append('\n'));
        return out.toString();
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + activeKeyId + ", ids=" + keys.keySet() + "]";
    }

    private static String checkId(String id) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new KeyRingException("key id must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    private static byte[] decode(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new KeyRingException("key '" + id + "' is not valid base64");
        }
    }

    private static SecretKey toKey(String id, byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new KeyRingException("key '" + id + "' must be exactly 32 bytes (AES-256), was "
                    + (raw == null ? 0 : raw.length));
        }
        return new SecretKeySpec(raw.clone(), "AES");
    }
}
