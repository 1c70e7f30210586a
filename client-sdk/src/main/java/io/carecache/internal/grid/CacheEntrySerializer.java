package io.carecache.internal.grid;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.Arrays;

/**
 * Compact serialization of {@link CacheEntry}: an explicit, evolvable schema shared by clients
 * and members. Registered by {@code CareCacheGrid} and by the node's member configuration.
 */
public final class CacheEntrySerializer implements CompactSerializer<CacheEntry> {
    /** The compact type name; stable across releases. */
    public static final String TYPE_NAME = "carecache.CacheEntry";

    @Override
    public CacheEntry read(CompactReader in) {
        String[] contexts = in.readArrayOfString("careContexts");
        return new CacheEntry(
                in.readString("key"),
                in.readString("keyId"),
                in.readArrayOfInt8("nonce"),
                in.readArrayOfInt8("ciphertext"),
                in.readInt32("flags"),
                in.readInt64("createdAt"),
                in.readInt64("expiresAt"),
                in.readString("fingerprint"),
                contexts == null ? java.util.List.of() : Arrays.asList(contexts),
                in.readInt32("semanticCluster"),
                in.readString("scope"),
                in.readString("subjectHash"),
                in.readInt8("origin"));
    }

    @Override
    public void write(CompactWriter out, CacheEntry e) {
        out.writeString("key", e.key());
        out.writeString("keyId", e.keyId());
        out.writeArrayOfInt8("nonce", e.nonce());
        out.writeArrayOfInt8("ciphertext", e.ciphertext());
        out.writeInt32("flags", e.flags());
        out.writeInt64("createdAt", e.createdAtMillis());
        out.writeInt64("expiresAt", e.expiresAtMillis());
        out.writeString("fingerprint", e.fingerprint());
        out.writeArrayOfString("careContexts", e.careContexts().toArray(String[]::new));
        out.writeInt32("semanticCluster", e.semanticCluster());
        out.writeString("scope", e.scope());
        out.writeString("subjectHash", e.subjectHash());
        out.writeInt8("origin", (byte) e.origin());
    }

    @Override
    public String getTypeName() {
        return TYPE_NAME;
    }

    @Override
    public Class<CacheEntry> getCompactClass() {
        return CacheEntry.class;
    }
}
