package io.carecache;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an answer depends on besides the question: the care contexts (e.g. {@code diabetes},
 * {@code anxiety}), cohort attributes (e.g. {@code age_group=adult}) and the version of the
 * generator (model and prompt). Two requests share a cached answer only when their contexts
 * are equal, so a model upgrade never serves answers of the old model.
 *
 * @param careContexts care contexts, sorted
 * @param cohort cohort attributes, sorted by name
 * @param modelVersion the generator's model version
 * @param promptVersion the generator's prompt version
 */
public record CareContext(SortedSet<String> careContexts, SortedMap<String, String> cohort,
                          String modelVersion, String promptVersion) {

    public CareContext {
        Objects.requireNonNull(careContexts, "careContexts");
        Objects.requireNonNull(cohort, "cohort");
        requireText(modelVersion, "context.modelVersion");
        requireText(promptVersion, "context.promptVersion");
        for (String c : careContexts) {
            requireText(c, "context.careContexts[]");
        }
        cohort.forEach((k, v) -> {
            requireText(k, "context.cohort key");
            requireText(v, "context.cohort[" + k + "]");
        });
        careContexts = Collections.unmodifiableSortedSet(new TreeSet<>(careContexts));
        cohort = Collections.unmodifiableSortedMap(new TreeMap<>(cohort));
    }

    /** Starts a context for the given generator model and prompt versions. */
    public static Builder builder(String modelVersion, String promptVersion) {
        return new Builder(modelVersion, promptVersion);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, "must be non-blank text");
        }
    }

    /** Builds a {@link CareContext}. */
    public static final class Builder {
        private final String modelVersion;
        private final String promptVersion;
        private final TreeSet<String> careContexts = new TreeSet<>();
        private final TreeMap<String, String> cohort = new TreeMap<>();

        private Builder(String modelVersion, String promptVersion) {
            this.modelVersion = modelVersion;
            this.promptVersion = promptVersion;
        }

        /** Adds care contexts such as {@code diabetes} or {@code mental_health}. */
        public Builder careContexts(Collection<String> contexts) {
            careContexts.addAll(contexts);
            return this;
        }

        /** Adds one care context. */
        public Builder careContext(String context) {
            careContexts.add(context);
            return this;
        }

        /** Sets a cohort attribute such as {@code age_group=adult}. */
        public Builder cohort(String attribute, String value) {
            cohort.put(attribute, value);
            return this;
        }

        /** Sets several cohort attributes. */
        public Builder cohort(Map<String, String> attributes) {
            cohort.putAll(attributes);
            return this;
        }

        public CareContext build() {
            return new CareContext(careContexts, cohort, modelVersion, promptVersion);
        }
    }
}
