package io.carecache.internal.audit;

import java.util.List;
import java.util.Objects;

/**
 * One audit record: who did what to which cache entry, with what outcome, when. Never holds query
 * or response text: the entry is named by a truncated hash of its cache key.
 *
 * @param id unique event id (the document id in MongoDB, so a retried batch inserts nothing twice)
 * @param actor the user id of the request, or the application's service id
 * @param action {@code lookup}, {@code store}, {@code bypass}, {@code erasure}, {@code key_rotation} or {@code reencryption}
 * @param keyHash truncated hash of the cache key; for an erasure the truncated subject hash; empty when none
 * @param tier the tier that answered ({@code L1} ... {@code MISS}, {@code BYPASS}), or empty
 * @param outcome e.g. {@code hit}, {@code miss}, {@code degraded_miss}, {@code stored}, {@code erased}, {@code rotated}
 * @param phiCategories the PHI categories detected in the request, by name
 * @param detail non-sensitive detail, e.g. the new active key id of a rotation; empty when none
 * @param atMillis when it happened, epoch millis
 */
public record AuditEvent(String id, String actor, String action, String keyHash, String tier, String outcome,
                         List<String> phiCategories, String detail, long atMillis) {
    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
        phiCategories = List.copyOf(phiCategories);
        Objects.requireNonNull(detail, "detail");
    }
}
