package io.carecache;

import java.util.Objects;

/**
 * Who may be served an entry: everyone ({@link Shared}) or one subject ({@link Subject}).
 * The scope is part of the cache key, so an entry stored for one subject is never served
 * to another.
 */
public sealed interface Scope permits Scope.Shared, Scope.Subject {

    /** The scope for answers any user may receive. */
    static Scope shared() {
        return Shared.INSTANCE;
    }

    /** The scope for answers that belong to one subject (user or patient id). */
    static Scope subject(String subjectId) {
        return new Subject(subjectId);
    }

    /** A stable text form used in keys and metadata: {@code shared} or {@code subject}. */
    String kind();

    /** Answers any user may receive. */
    enum Shared implements Scope {
        INSTANCE;

        @Override
        public String kind() {
            return "shared";
        }
    }

    /** Answers for one subject only. */
    record Subject(String subjectId) implements Scope {
        public Subject {
            Objects.requireNonNull(subjectId, "subjectId");
            if (subjectId.isBlank()) {
                throw new InvalidRequestException("scope.subjectId", "must not be blank");
            }
        }

        @Override
        public String kind() {
            return "subject";
        }
    }
}
