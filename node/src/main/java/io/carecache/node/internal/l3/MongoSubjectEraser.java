package io.carecache.node.internal.l3;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.carecache.internal.grid.SubjectEraser;
import org.bson.Document;

/**
 * Deletes a subject's documents from MongoDB directly: its entries by {@code metadata.subject}
 * (indexed), including those evicted from the grid long ago, and its wrapped key.
 */
public final class MongoSubjectEraser implements SubjectEraser {
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> subjectKeys;

    public MongoSubjectEraser(MongoCollection<Document> entries, MongoCollection<Document> subjectKeys) {
        this.entries = entries;
        this.subjectKeys = subjectKeys;
    }

    @Override
    public long erase(String subjectHash) {
        subjectKeys.deleteOne(Filters.eq("_id", subjectHash));
        return entries.deleteMany(Filters.eq(EntryDocuments.METADATA + "." + EntryDocuments.SUBJECT, subjectHash))
                .getDeletedCount();
    }
}
