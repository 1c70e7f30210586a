package io.carecache.internal.grid;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** Compact serialization of {@link WrappedSubjectKey}, registered by {@code CareCacheGrid}. */
public final class WrappedSubjectKeySerializer implements CompactSerializer<WrappedSubjectKey> {
    /** The compact type name; stable across releases. */
    public static final String TYPE_NAME = "carecache.WrappedSubjectKey";

    @Override
    public WrappedSubjectKey read(CompactReader in) {
        return new WrappedSubjectKey(in.readString("subjectHash"), in.readString("wrappingKeyId"),
                in.readArrayOfInt8("nonce"), in.readArrayOfInt8("wrapped"), in.readInt64("createdAt"));
    }

    @Override
    public void write(CompactWriter out, WrappedSubjectKey k) {
        out.writeString("subjectHash", k.subjectHash());
        out.writeString("wrappingKeyId", k.wrappingKeyId());
        out.writeArrayOfInt8("nonce", k.nonce());
        out.writeArrayOfInt8("wrapped", k.wrapped());
        out.writeInt64("createdAt", k.createdAtMillis());
    }

    @Override
    public String getTypeName() {
        return TYPE_NAME;
    }

    @Override
    public Class<WrappedSubjectKey> getCompactClass() {
        return WrappedSubjectKey.class;
    }
}
