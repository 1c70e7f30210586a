package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;

import java.util.List;
import java.util.Optional;

/**
 * Member-side listing of what L3 holds under keys other than the active one, for the re-encryption
 * job: entries evicted from the grid live only in MongoDB. Registered by the node in the member's
 * user context under {@link #USER_CONTEXT_KEY}; a member without L3 registers none. Returns keys
 * only: members never hold a data key, so the job decrypts in the application.
 */
public interface StaleKeyFinder {
    /** The user-context key the node registers its finder under. */
    String USER_CONTEXT_KEY = "carecache.stale-key-finder";

    /**
     * Cache keys of entries sealed under a ring key other than {@code activeKeyId} (subject-sealed
     * entries excluded: their subject key is re-wrapped instead), greater than {@code afterKey}, in
     * key order, at most {@code limit}.
     */
    List<String> entryKeys(String activeKeyId, String afterKey, int limit);

    /** Subject hashes whose stored key is wrapped under a key other than {@code activeKeyId}; paged likewise. */
    List<String> subjectKeys(String activeKeyId, String afterKey, int limit);

    /** The finder registered on this member, if any. */
    static Optional<StaleKeyFinder> of(HazelcastInstance member) {
        return Optional.ofNullable((StaleKeyFinder) member.getUserContext().get(USER_CONTEXT_KEY));
    }
}
