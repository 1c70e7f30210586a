package io.carecache.internal.grid;

import java.util.Arrays;
import java.util.Objects;

/**
 * A subject's data key as the grid and MongoDB hold it: AES-GCM-wrapped under a key of the ring,
 * with the subject hash as associated data. Members never see the unwrapped key.
 *
 * @param subjectHash the one-way subject id the key belongs to (also the map key)
 * @param wrappingKeyId the ring key id the data key is wrapped under
 * @param nonce the 96-bit GCM nonce of the wrap
 * @param wrapped the wrapped 256-bit key, GCM tag appended
 * @param createdAtMillis when the key was created, epoch millis
 */
public record WrappedSubjectKey(String subjectHash, String wrappingKeyId, byte[] nonce, byte[] wrapped,
                                long createdAtMillis) {
    public WrappedSubjectKey {
        Objects.requireNonNull(subjectHash, "subjectHash");
        Objects.requireNonNull(wrappingKeyId, "wrappingKeyId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(wrapped, "wrapped");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedSubjectKey other && subjectHash.equals(other.subjectHash)
                && wrappingKeyId.equals(other.wrappingKeyId) && Arrays.equals(nonce, other.nonce)
                && Arrays.equals(wrapped, other.wrapped) && createdAtMillis == other.createdAtMillis;
    }

    @Override
    public int hashCode() {
        return subjectHash.hashCode() * 31 + Arrays.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "WrappedSubjectKey[subject=" + subjectHash.substring(0, Math.min(12, subjectHash.length()))
                + "..., wrappingKeyId=" + wrappingKeyId + "]";
    }
}
