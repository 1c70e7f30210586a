package io.carecache.internal.audit;

import com.hazelcast.partition.PartitionAware;

import java.util.Objects;

/**
 * The key of an event in the audit map: the event id, placed in the partition of its batch. A
 * batch of events then travels to the grid as one message to one partition instead of one
 * message per partition its random ids would hash to (up to 271 per flush, which doubled the
 * member's message rate and slowed every lookup sharing it).
 *
 * @param eventId the event's id ({@link AuditEvent#id()})
 * @param batch the id of the batch the event was sent in; decides the partition
 */
public record AuditKey(String eventId, String batch) implements PartitionAware<String> {
    public AuditKey {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(batch, "batch");
    }

    @Override
    public String getPartitionKey() {
        return batch;
    }
}
