package io.carecache.node.internal.semantic;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** The identified serialization of the postings and their processors (member to member only). */
final class SemanticSerialization {
    static final int FACTORY_ID = 7_301;
    // A changed format takes a new id (retired: 1 postings, 2 scored, 3 append; without the sealed
    // question): a member of the previous version then fails on an unknown id, not on a misread.
    static final int REMOVE = 4;
    static final int SCORE = 5;
    static final int RESEAL = 6;
    static final int POSTINGS = 7;
    static final int SCORED = 8;
    static final int APPEND = 9;
    static final int REMOVE_ALL = 10;

    private SemanticSerialization() {
    }

    static void register(SerializationConfig config) {
        config.addDataSerializableFactory(FACTORY_ID, SemanticSerialization::create);
    }

    static IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case POSTINGS -> new Postings();
            case SCORED -> new Scored();
            case APPEND -> new PostingsProcessors.Append();
            case REMOVE -> new PostingsProcessors.Remove();
            case SCORE -> new PostingsProcessors.Score();
            case RESEAL -> new PostingsProcessors.Reseal();
            case REMOVE_ALL -> new PostingsProcessors.RemoveAll();
            default -> throw new IllegalArgumentException("unknown semantic class id " + classId);
        };
    }
}
