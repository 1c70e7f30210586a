package io.carecache.internal.audit;

import java.util.List;
import java.util.Objects;

/**
 * One audit record: who did what to which cache entry, with what outcome, when, and how many times.
 * Identical accesses of one flush interval (same actor, action, key, tier, outcome, PHI categories
 * and detail) are one record with a {@code count}, so the trail still accounts for every access
 * without shipping one record per L1 hit. Never holds query or response text: the entry is named by
 * a truncated hash of its cache key.
 *
 * @param id unique event id (the document id in MongoDB, so a retried batch inserts nothing twice)
 * @param actor the user id of the request, or the application's service id
 * @param action {@code lookup}, {@code store}, {@code bypass}, {@code erasure}, {@code key_rotation} or {@code reencryption}
 * @param keyHash truncated hash of the cache key; for an erasure the truncated subject hash; empty when none
 * @param tier the tier that answered ({@code L1} ... {@code MISS}, {@code BYPASS}), or empty
 * @param outcome e.g. {@code hit}, {@code miss}, {@code degraded_miss}, {@code stored}, {@code erased}, {@code rotated}
 * @param phiCategories the PHI categories detected in the request, by name
 * @param detail non-sensitive detail, e.g. the new active key id of a rotation; empty when none
 * @param atMillis when it (the first of the {@code count} accesses) happened, epoch millis
 * @param lastAtMillis when the last of the {@code count} accesses happened, epoch millis; {@code atMillis} for one
 * @param count how many identical accesses this record stands for, at least 1
 */
public record AuditEvent(String id, String actor, String action, String keyHash, String tier, String outcome,
                         List<String> phiCategories, String detail, long atMillis, long lastAtMillis, long count) {
    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
        phiCategories = List.copyOf(phiCategories);
        Objects.requireNonNull(detail, "detail");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (lastAtMillis < atMillis) {
            throw new IllegalArgumentException("lastAtMillis must be at or after atMillis (" + atMillis + "), was "
                    + lastAtMillis);
        }
    }

    /** A record of one access. */
    public AuditEvent(String id, String actor, String action, String keyHash, String tier, String outcome,
                      List<String> phiCategories, String detail, long atMillis) {
        this(id, actor, action, keyHash, tier, outcome, phiCategories, detail, atMillis, atMillis, 1);
    }
}
