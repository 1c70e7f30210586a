package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;

/**
 * Member-side erasure of a subject's stored documents (L3), registered by the node in the
 * member's user context under {@link #USER_CONTEXT_KEY}. A member without L3 registers none.
 */
public interface SubjectEraser {
    /** The user-context key the node registers its eraser under. */
    String USER_CONTEXT_KEY = "carecache.subject-eraser";

    /** Deletes every stored entry and the stored key of the subject; returns the entries deleted. */
    long erase(String subjectHash);

    /** The eraser registered on this member, if any. */
    static java.util.Optional<SubjectEraser> of(HazelcastInstance member) {
        return java.util.Optional.ofNullable((SubjectEraser) member.getUserContext().get(USER_CONTEXT_KEY));
    }
}
