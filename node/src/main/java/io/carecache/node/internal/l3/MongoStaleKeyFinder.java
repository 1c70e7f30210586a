package io.carecache.node.internal.l3;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.carecache.internal.crypto.SubjectKeys;
import io.carecache.internal.grid.StaleKeyFinder;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lists, page by page in {@code _id} order, the documents sealed or wrapped under a key other than
 * the active one: the re-encryption job's view of L3, which also holds entries evicted from the grid.
 * Reads ids only.
 */
public final class MongoStaleKeyFinder implements StaleKeyFinder {
    private static final Pattern SUBJECT_SEALED = Pattern.compile("^" + Pattern.quote(SubjectKeys.KEY_ID_PREFIX));

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> subjectKeys;

    public MongoStaleKeyFinder(MongoCollection<Document> entries, MongoCollection<Document> subjectKeys) {
        this.entries = entries;
        this.subjectKeys = subjectKeys;
    }

    @Override
    public List<String> entryKeys(String activeKeyId, String afterKey, int limit) {
        String keyId = EntryDocuments.ENCRYPTION + "." + EntryDocuments.KEY_ID;
        return ids(entries, Filters.and(Filters.gt(EntryDocuments.ID, afterKey), Filters.ne(keyId, activeKeyId),
                Filters.not(Filters.regex(keyId, SUBJECT_SEALED))), limit);
    }

    @Override
    public List<String> subjectKeys(String activeKeyId, String afterKey, int limit) {
        return ids(subjectKeys, Filters.and(Filters.gt("_id", afterKey),
                Filters.ne(MongoSubjectKeyStore.WRAPPING_KEY_ID, activeKeyId)), limit);
    }

    private static List<String> ids(MongoCollection<Document> collection, Bson filter, int limit) {
        List<String> out = new ArrayList<>(limit);
        for (Document doc : collection.find(filter).projection(Projections.include("_id")).sort(Sorts.ascending("_id"))
                .limit(limit)) {
            out.add(doc.getString("_id"));
        }
        return out;
    }
}
