package io.carecache.internal.audit;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.Arrays;
import java.util.List;

/** Compact serialization of {@link AuditEvent}, registered by {@code CareCacheGrid}. */
public final class AuditEventSerializer implements CompactSerializer<AuditEvent> {
    /** The compact type name; stable across releases. */
    public static final String TYPE_NAME = "carecache.AuditEvent";

    @Override
    public AuditEvent read(CompactReader in) {
        String[] phi = in.readArrayOfString("phiCategories");
        return new AuditEvent(in.readString("id"), in.readString("actor"), in.readString("action"),
                in.readString("keyHash"), in.readString("tier"), in.readString("outcome"),
                phi == null ? List.of() : Arrays.asList(phi), in.readString("detail"), in.readInt64("at"));
    }

    @Override
    public void write(CompactWriter out, AuditEvent e) {
        out.writeString("id", e.id());
        out.writeString("actor", e.actor());
        out.writeString("action", e.action());
        out.writeString("keyHash", e.keyHash());
        out.writeString("tier", e.tier());
        out.writeString("outcome", e.outcome());
        out.writeArrayOfString("phiCategories", e.phiCategories().toArray(String[]::new));
        out.writeString("detail", e.detail());
        out.writeInt64("at", e.atMillis());
    }

    @Override
    public String getTypeName() {
        return TYPE_NAME;
    }

    @Override
    public Class<AuditEvent> getCompactClass() {
        return AuditEvent.class;
    }
}
