package io.carecache.node.internal.semantic;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** The identified serialization of the postings and their processors (member to member only). */
final class SemanticSerialization {
    static final int FACTORY_ID = 7_301;
    static final int POSTINGS = 1;
    static final int SCORED = 2;
    static final int APPEND = 3;
    static final int REMOVE = 4;
    static final int SCORE = 5;

    private SemanticSerialization() {
    }

    static void register(SerializationConfig config) {
        config.addDataSerializableFactory(FACTORY_ID, SemanticSerialization::create);
    }

    private static IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case POSTINGS -> new Postings();
            case SCORED -> new Scored();
            case APPEND -> new PostingsProcessors.Append();
            case REMOVE -> new PostingsProcessors.Remove();
            case SCORE -> new PostingsProcessors.Score();
            default -> throw new IllegalArgumentException("unknown semantic class id " + classId);
        };
    }
}
