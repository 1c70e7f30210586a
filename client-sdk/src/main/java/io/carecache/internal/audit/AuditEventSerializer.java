package io.carecache.internal.audit;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.Arrays;
import java.util.List;

/**
 * Compact serialization of {@link AuditEvent}, registered by {@code CareCacheGrid}. {@code lastAt}
 * and {@code count} came later: a record written without them (an older SDK) reads as one access.
 */
public final class AuditEventSerializer implements CompactSerializer<AuditEvent> {
    /** The compact type name; stable across releases. */
    public static final String TYPE_NAME = "carecache.AuditEvent";

    @Override
    public AuditEvent read(CompactReader in) {
        String[] phi = in.readArrayOfString("phiCategories");
        long at = in.readInt64("at");
        return new AuditEvent(in.readString("id"), in.readString("actor"), in.readString("action"),
                in.readString("keyHash"), in.readString("tier"), in.readString("outcome"),
                phi == null ? List.of() : Arrays.asList(phi), in.readString("detail"), at,
                has(in, "lastAt") ? in.readInt64("lastAt") : at, has(in, "count") ? in.readInt64("count") : 1);
    }

    private static boolean has(CompactReader in, String int64Field) {
        return in.getFieldKind(int64Field) == FieldKind.INT64;
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
        out.writeInt64("lastAt", e.lastAtMillis());
        out.writeInt64("count", e.count());
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
