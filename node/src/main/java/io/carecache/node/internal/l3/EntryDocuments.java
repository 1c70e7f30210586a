package io.carecache.node.internal.l3;

import io.carecache.internal.grid.CacheEntry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

/**
 * The L3 document of one {@link CacheEntry} and back. Only ciphertext and clear metadata: the
 * answer itself never appears in a document.
 */
final class EntryDocuments {
    static final String ID = "_id";
    static final String CIPHERTEXT = "ciphertext";
    static final String ENCRYPTION = "encryption";
    static final String KEY_ID = "key_id";
    static final String ALGORITHM = "algorithm";
    static final String NONCE = "nonce";
    static final String FLAGS = "flags";
    static final String METADATA = "metadata";
    static final String FINGERPRINT = "context_fingerprint";
    static final String CARE_CONTEXTS = "care_contexts";
    static final String SEMANTIC_CLUSTER = "semantic_cluster";
    static final String SCOPE = "scope";
    static final String SUBJECT = "subject";
    static final String CREATED_AT = "created_at";
    static final String EXPIRES_AT = "expires_at";
    static final String ACCESS_COUNT = "access_count";
    static final String LAST_ACCESSED = "last_accessed";

    /** The one envelope algorithm the SDK writes. */
    static final String AES_256_GCM = "AES-256-GCM";

    private EntryDocuments() {
    }

    /**
     * The upsert that writes {@code entry}: every field but the hit statistics is replaced, so a
     * rewrite of a hot entry keeps its {@code access_count}.
     */
    static Bson upsert(CacheEntry entry) {
        Document metadata = new Document(FINGERPRINT, entry.fingerprint())
                .append(CARE_CONTEXTS, entry.careContexts())
                .append(SEMANTIC_CLUSTER, entry.semanticCluster())
                .append(SCOPE, entry.scope());
        // Absent rather than empty for shared entries: the subject index is sparse.
        if (!entry.subjectHash().isEmpty()) {
            metadata.append(SUBJECT, entry.subjectHash());
        }
        List<Bson> updates = new ArrayList<>();
        updates.add(set(CIPHERTEXT, new Binary(entry.ciphertext())));
        updates.add(set(ENCRYPTION, new Document(KEY_ID, entry.keyId())
                .append(ALGORITHM, AES_256_GCM)
                .append(NONCE, new Binary(entry.nonce()))));
        updates.add(set(FLAGS, entry.flags()));
        updates.add(set(METADATA, metadata));
        updates.add(set(CREATED_AT, new Date(entry.createdAtMillis())));
        updates.add(set(EXPIRES_AT, new Date(entry.expiresAtMillis())));
        updates.add(setOnInsert(ACCESS_COUNT, 0L));
        return combine(updates);
    }

    /**
     * The entry a document holds, as L2 keeps it (origin L2).
     *
     * @throws IllegalStateException when the document lacks a field or has one of the wrong type
     */
    static CacheEntry toEntry(Document doc) {
        try {
            return read(doc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("malformed L3 document: " + e.getMessage(), e);
        }
    }

    private static CacheEntry read(Document doc) {
        Document encryption = doc.get(ENCRYPTION, Document.class);
        Document metadata = doc.get(METADATA, Document.class);
        List<String> contexts = metadata.getList(CARE_CONTEXTS, String.class, List.of());
        String subject = metadata.getString(SUBJECT);
        return new CacheEntry(
                doc.getString(ID),
                encryption.getString(KEY_ID),
                bytes(encryption.get(NONCE)),
                bytes(doc.get(CIPHERTEXT)),
                doc.getInteger(FLAGS, 0),
                doc.getDate(CREATED_AT).getTime(),
                doc.getDate(EXPIRES_AT).getTime(),
                metadata.getString(FINGERPRINT),
                contexts,
                metadata.getInteger(SEMANTIC_CLUSTER, CacheEntry.NO_CLUSTER),
                metadata.getString(SCOPE),
                subject == null ? "" : subject,
                CacheEntry.ORIGIN_L2);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof Binary binary) {
            return binary.getData();
        }
        if (value instanceof byte[] raw) {
            return raw;
        }
        throw new IllegalStateException("expected BSON binary, found " + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }
}
