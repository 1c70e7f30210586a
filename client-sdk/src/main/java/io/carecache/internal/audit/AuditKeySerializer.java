package io.carecache.internal.audit;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** Compact serialization of {@link AuditKey}, registered by {@code CareCacheGrid}. */
public final class AuditKeySerializer implements CompactSerializer<AuditKey> {
    /** The compact type name; stable across releases. */
    public static final String TYPE_NAME = "carecache.AuditKey";

    @Override
    public AuditKey read(CompactReader in) {
        return new AuditKey(in.readString("eventId"), in.readString("batch"));
    }

    @Override
    public void write(CompactWriter out, AuditKey key) {
        out.writeString("eventId", key.eventId());
        out.writeString("batch", key.batch());
    }

    @Override
    public String getTypeName() {
        return TYPE_NAME;
    }

    @Override
    public Class<AuditKey> getCompactClass() {
        return AuditKey.class;
    }
}
