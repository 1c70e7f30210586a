package io.carecache.internal.keys;

import io.carecache.CacheRequest;
import io.carecache.CareContext;
import io.carecache.Scope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Cache keys and context fingerprints. Every field is length-prefixed before hashing so that no
 * two different inputs can produce the same byte stream.
 */
public final class CacheKeys {
    /** Bumped whenever key derivation changes, so old keys simply stop matching. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAX_MEMOIZED_FINGERPRINTS = 10_000;
    private static final ConcurrentMap<CareContext, String> FINGERPRINTS = new ConcurrentHashMap<>();
    private static final int MAX_MEMOIZED_QUERIES = 10_000;
    private static final int MAX_MEMOIZED_QUERY_CHARS = 512;
    private static final ConcurrentMap<String, String> CANONICAL_QUERIES = new ConcurrentHashMap<>();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(CacheKeys::newDigest);

    private CacheKeys() {
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The key of a request: SHA-256 over (format version, scope, fingerprint, canonical query), hex. */
    public static String key(CacheRequest request) {
        return key(request.scope(), fingerprint(request.context()), QueryCanonicalizer.canonicalize(request.query()));
    }

    /**
     * The same key as {@link #key(CacheRequest)}, remembering the canonical form of the query. Only
     * for requests that passed the PHI screen: the memo must never hold text carrying PHI.
     */
    public static String screenedKey(CacheRequest request) {
        return key(request.scope(), fingerprint(request.context()), canonicalScreened(request.query()));
    }

    private static String canonicalScreened(String query) {
        if (query.length() > MAX_MEMOIZED_QUERY_CHARS) {
            return QueryCanonicalizer.canonicalize(query);
        }
        String known = CANONICAL_QUERIES.get(query);
        if (known != null) {
            return known;
        }
        if (CANONICAL_QUERIES.size() >= MAX_MEMOIZED_QUERIES) {
            CANONICAL_QUERIES.clear();
        }
        String computed = QueryCanonicalizer.canonicalize(query);
        CANONICAL_QUERIES.put(query, computed);
        return computed;
    }

    /** The key from its parts; {@code canonicalQuery} must come from {@link QueryCanonicalizer}. */
    public static String key(Scope scope, String fingerprint, String canonicalQuery) {
        Hasher h = new Hasher().add("carecache-key").add(Integer.toString(FORMAT_VERSION)).add(scope.kind());
        if (scope instanceof Scope.Subject subject) {
            h.add(subject.subjectId());
        }
        return h.add(fingerprint).add(canonicalQuery).hex();
    }

    /** Hash of the sorted care contexts, cohort attributes and generator versions; memoized (few distinct contexts). */
    public static String fingerprint(CareContext context) {
        String known = FINGERPRINTS.get(context);
        if (known != null) {
            return known;
        }
        if (FINGERPRINTS.size() >= MAX_MEMOIZED_FINGERPRINTS) {
            FINGERPRINTS.clear();
        }
        String computed = computeFingerprint(context);
        FINGERPRINTS.put(context, computed);
        return computed;
    }

    private static String computeFingerprint(CareContext context) {
        Hasher h = new Hasher().add("carecache-context").add(Integer.toString(FORMAT_VERSION))
                .add(context.modelVersion()).add(context.promptVersion())
                .add(Integer.toString(context.careContexts().size()));
        context.careContexts().forEach(h::add);
        h.add(Integer.toString(context.cohort().size()));
        for (Map.Entry<String, String> e : context.cohort().entrySet()) {
            h.add(e.getKey()).add(e.getValue());
        }
        return h.hex();
    }

    /** A one-way id for a subject, stored as clear metadata so its entries can be found for erasure. */
    public static String subjectHash(String subjectId) {
        return new Hasher().add("carecache-subject").add(subjectId).hex();
    }

    /** A one-way id for a user, so the rate-limit buckets in the grid name no one. */
    public static String userHash(String userId) {
        return new Hasher().add("carecache-user").add(userId).hex();
    }

    private static final class Hasher {
        private final MessageDigest digest = SHA256.get();
        private final byte[] length = new byte[4];

        Hasher() {
            digest.reset();
        }

        Hasher add(String field) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            length[0] = (byte) (n >>> 24);
            length[1] = (byte) (n >>> 16);
            length[2] = (byte) (n >>> 8);
            length[3] = (byte) n;
            digest.update(length);
            digest.update(bytes);
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
